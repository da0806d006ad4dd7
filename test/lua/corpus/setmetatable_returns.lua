local t = {}
print(setmetatable(t, nil) == t, getmetatable(t))
local mt = {}
print(getmetatable(setmetatable(t, mt)) == mt)
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}))
print(pcall(setmetatable))
print(getmetatable(1), getmetatable(nil), getmetatable(print))
