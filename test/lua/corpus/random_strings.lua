-- deterministic pseudo-random string library calls with random indices
local seed = 31337
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local function rs(n) local t = {} for i = 1, n do t[i] = string.char(rnd(256)) end return table.concat(t) end
for i = 1, 300 do
  local s = rs(rnd(10))
  local a, b = rnd(15) - 7, rnd(15) - 7
  local r = {
    string.format("%q", s:sub(a, b)),
    table.concat({s:byte(a, b)}, ","),
    string.format("%q", s:upper()), string.format("%q", s:lower()), string.format("%q", s:reverse()),
    #s:rep(rnd(4)), tostring(s < rs(3)), string.format("%q", string.format("%5.3s|%-4s", s, s)),
  }
  print(i, table.concat(r, " "))
end
