-- deterministic pseudo-random cases (own LCG) for number formatting
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local function rnum()
  local kind = rnd(6)
  if kind == 0 then return rnd(100000) - 50000 end
  if kind == 1 then return (rnd(2000000) - 1000000) / (rnd(1000) + 1) end
  if kind == 2 then return (rnd(1000) + 1) * 10 ^ (rnd(40) - 20) end
  if kind == 3 then return rnd(10) + rnd(1000) / 1000 end
  if kind == 4 then return 2 ^ (rnd(120) - 60) end
  return -(rnd(100000) / 7) * 10 ^ (rnd(10))
end
local convs = {"d", "i", "x", "X", "o", "u", "e", "E", "f", "g", "G", "c"}
local flags = {"", "-", "+", " ", "#", "0", "-0", "+0", "#0"}
for i = 1, 400 do
  local v = rnum()
  local c = convs[rnd(#convs) + 1]
  local f = flags[rnd(#flags) + 1]
  local w = rnd(3) == 0 and "" or tostring(rnd(20))
  local p = rnd(3) == 0 and "" or ("." .. rnd(18))
  if c == "c" then v = rnd(94) + 32; p = "" end
  if c == "x" or c == "X" or c == "o" or c == "u" then v = math.abs(v) end
  local fmt = "%" .. f .. w .. p .. c
  local ok, s = pcall(string.format, fmt, v)
  print(i, fmt, tostring(v), ok, s)
end
