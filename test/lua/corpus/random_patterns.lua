-- deterministic pseudo-random strings and patterns for find/match/gsub
local seed = 777
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local alphabet = {"a", "b", "c", " ", "1", "2", ".", "-", "(", ")", "%", "[", "]", "x", "A"}
local items = {"a", "b", ".", "%a", "%d", "%s", "%w", "[ab]", "[^a]", "[%d%s]", "x", "%.", "%(", "1", "A", "%u", "%l"}
local quants = {"", "", "", "*", "+", "-", "?"}
local function rstr(n) local t = {} for i = 1, n do t[i] = alphabet[rnd(#alphabet) + 1] end return table.concat(t) end
local function rpat()
  local t = {}
  if rnd(5) == 0 then t[#t + 1] = "^" end
  local n = rnd(4) + 1
  for i = 1, n do
    local it = items[rnd(#items) + 1]
    if rnd(6) == 0 then it = "(" .. it .. ")" end
    t[#t + 1] = it .. quants[rnd(#quants) + 1]
  end
  if rnd(6) == 0 then t[#t + 1] = "$" end
  return table.concat(t)
end
for i = 1, 300 do
  local s = rstr(rnd(12))
  local p = rpat()
  local init = rnd(4) == 0 and (rnd(10) - 3) or nil
  print(i, string.format("%q %q", s, p), pcall(string.find, s, p, init))
  print(i, pcall(string.match, s, p))
  print(i, pcall(string.gsub, s, p, "<%0>"))
  local parts = {}
  local ok = pcall(function() for a, b in s:gmatch(p) do parts[#parts + 1] = tostring(a) .. "/" .. tostring(b) if #parts > 20 then break end end end)
  print(i, ok, table.concat(parts, ","))
end
