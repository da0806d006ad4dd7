local mt = {__lt = function(a, b) return a.v < b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 2}, mt)
print(a <= b, b <= a, a >= b)
print(pcall(function() return a < 1 end))
local mt2 = {__lt = function() return true end}
local c = setmetatable({}, mt2)
print(pcall(function() return a < c end))
