-- deterministic pseudo-random statements (assignments, calls, loops) and their errors
local seed = 555
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local targets = {"a", "t.x", "t[1]", "t.x.y", "u.v", "g", "h.k", "s.z", "t[nil]", "t[0/0]", "t[a]", "n[1]", "t.m"}
local values = {"1", "'v'", "nil", "a + 1", "n + 1", "t.x + 1", "s .. a", "{}", "f()", "t:m()", "u:m()", "s:rep(2)", "#n", "-t", "g()", "t.q()", "a.b"}
local stmts = {
  function() return targets[rnd(#targets) + 1] .. " = " .. values[rnd(#values) + 1] end,
  function() return targets[rnd(#targets) + 1] .. ", " .. targets[rnd(#targets) + 1] .. " = " .. values[rnd(#values) + 1] .. ", " .. values[rnd(#values) + 1] end,
  function() return "local r = " .. values[rnd(#values) + 1] end,
  function() return values[rnd(#values) + 1]:match("%(%)$") and values[rnd(#values) + 1] or "f()" end,
  function() return "for i = " .. values[rnd(#values) + 1] .. ", 2 do end" end,
  function() return "for k, v in " .. values[rnd(#values) + 1] .. " do end" end,
  function() return "if " .. values[rnd(#values) + 1] .. " then a = 2 end" end,
  function() return "while " .. values[rnd(#values) + 1] .. " do break end" end,
}
for i = 1, 400 do
  local body = {}
  for j = 1, rnd(3) + 1 do body[#body + 1] = stmts[rnd(#stmts) + 1]() end
  local src = "local a, s, n, u = 3, 'str', nil, nil\nlocal t = {x = 1, [1] = 10, m = function(self) return self.x end}\n" ..
    "local function f() return 5, 6 end\n" .. table.concat(body, "\n") .. "\nreturn a, t.x, t[1]"
  local fn, err = loadstring(src, "=stmt")
  if not fn then print(i, "SYNTAX", err)
  else
    local r = {pcall(fn)}
    for j = 2, #r do if type(r[j]) == "table" or type(r[j]) == "function" then r[j] = type(r[j]) end end
    print(i, table.concat(body, "; "), tostring(r[1]), tostring(r[2]), tostring(r[3]), tostring(r[4]))
  end
end
