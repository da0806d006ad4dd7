local t = {x = {}}
print(pcall(function() t.x.y() end))
print(pcall(function() t[1]() end))
local up
print(pcall(function() up() end))
print(pcall(function() local l; l() end))
print(pcall(function() (nil)() end))
print(pcall(function() t.x:m() end))
print(pcall(function() ("s"):nomethod() end))
print(pcall(function() return (1)() end))
print(pcall(function() local a = 5; a.b = 1 end))
print(pcall(function() local a = true; return a.b end))
print(pcall(function() return up.field end))
print(pcall(function() up.field = 1 end))
