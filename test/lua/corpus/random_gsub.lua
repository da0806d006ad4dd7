-- deterministic pseudo-random gsub with string, table and function replacements
local seed = 9091
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local pats = {"%w+", "(%w)(%w?)", "%s*", "()", "[aeiou]", "(%d+)", "^%w", "%w$", ".-", "(.)%1", "%f[%w]%w+", "%b()", "x*"}
local reps = {"<%0>", "%1%1", "%%", "[%2]", "", "-"}
local words = {"ab", "cd", "aa", "11", "(x)", " ", "ee", "Zy", "q9"}
for i = 1, 250 do
  local parts = {}
  for j = 1, rnd(6) do parts[j] = words[rnd(#words) + 1] end
  local s = table.concat(parts, rnd(2) == 0 and " " or "")
  local p = pats[rnd(#pats) + 1]
  local kind = rnd(3)
  local repl
  if kind == 0 then repl = reps[rnd(#reps) + 1]
  elseif kind == 1 then repl = {ab = "AB", a = 1, e = false, ["1"] = "one", cd = true}
  else repl = function(a, b) if rnd(3) == 0 then return nil end return tostring(a) .. "|" .. tostring(b) end end
  local maxn = rnd(4) == 0 and rnd(3) or nil
  print(i, string.format("%q", s), p, kind, pcall(string.gsub, s, p, repl, maxn))
end
