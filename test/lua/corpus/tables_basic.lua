local t = {1, 2, 3, x = "x", ["y z"] = 5, [10] = 10}
print(#t, t.x, t["y z"], t[10], t[4])
t[4] = 4
print(#t)
t[#t] = nil
print(#t)
local u = {}
u[1.0] = "one"; u[2] = "two"
print(u[1], #u)
local v = {n = 0, [1] = "a", "b"}
print(v[1])
local w = {[1] = "a", [2] = "b", "c"}
print(w[1], w[2])
print(#{nil, nil, 3}, #{1, nil, 3}, #{1, 2, nil}, #{n = 1})
local k = {}
k[true] = 1; k[false] = 2; k[k] = 3; k[1.5] = 4; k["1"] = 5; k[1] = 6
print(k[true], k[false], k[k], k[1.5], k["1"], k[1])
