-- deterministic pseudo-random expressions compiled with loadstring: results and error messages
local seed = 2024
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local atoms = {"a", "b", "s", "t", "n", "u", "t.x", "t.y", "t[1]", "t[2]", "g", "1", "2.5", "'7'", "'x'", "nil", "true", "{}", "f()", "f", "#s", "#t", "(a)", "t.x.z", "u.v", "s:len()", "s:upper()", "t:m()", "...", "select('#', ...)"}
local binops = {"+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or"}
local function expr(d)
  if d <= 0 or rnd(3) == 0 then return atoms[rnd(#atoms) + 1] end
  local k = rnd(5)
  if k == 0 then return "-" .. expr(d - 1) end
  if k == 1 then return "not " .. expr(d - 1) end
  if k == 2 then return "(" .. expr(d - 1) .. ")" end
  return expr(d - 1) .. " " .. binops[rnd(#binops) + 1] .. " " .. expr(d - 1)
end
for i = 1, 400 do
  local e = expr(3)
  local src = "local a, b, s, t, n, u = 3, 4, 'str', {x = 1, [1] = 10, m = function(self) return self.x end}, nil, nil\n" ..
    "local function f() return 5, 6 end\nreturn " .. e
  local fn, err = loadstring(src, "=expr")
  if not fn then print(i, e, "SYNTAX", err)
  else
    g = i % 3 == 0 and 7 or nil
    local r = {pcall(fn, 1, 2)}
    for j = 2, #r do if type(r[j]) == "table" or type(r[j]) == "function" then r[j] = type(r[j]) end end
    print(i, e, tostring(r[1]), tostring(r[2]), tostring(r[3]))
  end
end
