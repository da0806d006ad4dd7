local base = {greet = function(self) return "hi " .. self.name end}
local obj = setmetatable({name = "bob"}, {__index = base})
print(obj:greet(), obj.missing)
local calc = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(calc.foo, calc[1])
local chain = setmetatable({}, {__index = setmetatable({a = 1}, {__index = {b = 2}})})
print(chain.a, chain.b, chain.c)
print(rawget(obj, "greet"), getmetatable(obj).__index == base)
local store = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) rawset(store, k, v * 2) end})
proxy.x = 5
print(proxy.x, store.x)
local ni = setmetatable({}, {__newindex = store})
ni.y = 7
print(rawget(ni, "y"), store.y)
local existing = setmetatable({z = 1}, {__newindex = function() error("should not be called") end})
existing.z = 2
print(existing.z)
