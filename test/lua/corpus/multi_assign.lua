local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {1, 2}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
x, y, z = 1
print(x, y, z)
local p, q = 1, 2, 3
print(p, q)
local function mr() return 1, 2, 3 end
local r1, r2, r3, r4 = 0, mr()
print(r1, r2, r3, r4)
local s1, s2 = mr(), 10
print(s1, s2)
