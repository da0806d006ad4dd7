local mt = {}
mt.__add = function(a, b) return "add(" .. type(a) .. "," .. type(b) .. ")" end
mt.__eq = function() return true end
mt.__lt = function(a, b) return true end
mt.__le = function(a, b) return false end
mt.__unm = function(a) return "neg" end
mt.__index = function(t, k) return k end
local o = setmetatable({}, mt)
print(o + 1, 1 + o, o + o, "2" + o, -o)
print(o == setmetatable({}, mt), o == 1, o ~= o, o < o, o <= o, o > o, o >= o)
print(o.anything, o[42])
print(pcall(function() return o < 1 end))
print(pcall(function() return 1 <= o end))
