local f = loadstring("return 1 + 1")
print(f())
local g = loadstring("x_global = 5")
g()
print(x_global)
print(loadstring("return ...")(1, 2))
local env = {y = 10}
local h = loadstring("return y")
setfenv(h, env)
print(h())
print(getfenv(h) == env, getfenv(print) == _G, getfenv() == _G, getfenv(0) == _G)
local function uses_global() return zzz end
setfenv(uses_global, {zzz = "from env"})
print(uses_global())
print(pcall(setfenv, print, {}))
print(_G._G == _G, _VERSION)
local ld = load(function() local done; return nil end)
print(type(ld))
local parts = {"return ", "4", "2"}
local i = 0
print(load(function() i = i + 1; return parts[i] end)())
