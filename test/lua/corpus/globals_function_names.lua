function add(a, b) return a + b end
print(add(1, 2), type(add))
local ns = {}
function ns.sub(a, b) return a - b end
print(ns.sub(5, 3))
print(pcall(function() local z; function z.f() end end))
