-- deterministic pseudo-random arithmetic, coercion and number printing
local seed = 99
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local function rval()
  local k = rnd(9)
  if k == 0 then return rnd(200) - 100 end
  if k == 1 then return (rnd(20000) - 10000) / (rnd(97) + 1) end
  if k == 2 then return tostring(rnd(1000)) end
  if k == 3 then return " " .. (rnd(100) / 8) .. " " end
  if k == 4 then return "0x" .. string.format("%x", rnd(4096)) end
  if k == 5 then return 10 ^ (rnd(40) - 20) end
  if k == 6 then return "1e" .. rnd(30) end
  if k == 7 then return 0 end
  return -(rnd(1000) + 0.5)
end
local ops = {
  function(a, b) return a + b end, function(a, b) return a - b end, function(a, b) return a * b end,
  function(a, b) return a / b end, function(a, b) return a % b end, function(a, b) return a ^ b end,
  function(a, b) return a .. b end, function(a, b) return -a end,
  function(a, b) return math.floor(a) end, function(a, b) return math.fmod(a, b) end,
  function(a, b) return tonumber(a) end, function(a, b) return a == b end,
}
for i = 1, 500 do
  local a, b = rval(), rval()
  local o = rnd(#ops) + 1
  local ok, r = pcall(ops[o], a, b)
  print(i, o, tostring(a), tostring(b), ok, tostring(r))
end
