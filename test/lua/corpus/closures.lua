local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local fs2 = {}
local j = 1
while j <= 3 do local k = j; fs2[j] = function() k = k + 10; return k end; j = j + 1 end
print(fs2[1](), fs2[1](), fs2[2]())
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get())
local acc = {}
for _, v in ipairs({"a", "b"}) do acc[#acc + 1] = function() return v end end
print(acc[1](), acc[2]())
local r = {}
local x = 0
repeat local y = x; r[#r+1] = function() return y end; x = x + 1 until y >= 2
print(r[1](), r[2](), r[3]())
