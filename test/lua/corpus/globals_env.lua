x = 1
print(x, _G.x, _G["x"])
_G.y = 2
print(y)
local env = getfenv(1)
print(env == _G)
print(rawget(_G, "undefinedthing"))
setmetatable(_G, {__index = function(t, k) return "dflt_" .. k end})
print(somevar)
setmetatable(_G, nil)
print(somevar)
