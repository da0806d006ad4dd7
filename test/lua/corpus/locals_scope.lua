local x = 1
do local x = 2; print(x) end
print(x)
local a, b, c = 1, 2
print(a, b, c)
local d, e = (function() return 1, 2, 3 end)()
print(d, e)
local f, g, h = 1, (function() return 2, 3 end)()
print(f, g, h)
local i, j = ((function() return 1, 2 end)())
print(i, j)
local x = x + 1
print(x)
