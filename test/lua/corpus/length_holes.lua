local t = {}
t[1] = 1; t[2] = 2; t[4] = 4
print(#t)
local u = {1, 2, 3, 4, 5, 6, 7, 8}
u[8] = nil; u[4] = nil
print(#u)
local v = {}
for i = 1, 20 do v[i] = i end
v[10] = nil
print(#v)
v[20] = nil; v[19] = nil
print(#v)
local w = {nil, nil, 3}
print(#w)
local x = {n = 1}
x[1] = 1; x[3] = 3
print(#x)
local y = {}
y[2] = 2
print(#y)
y[1] = 1
print(#y)
local z = {1, 2, 3}
z[5] = 5
print(#z)
z[4] = 4
print(#z)
