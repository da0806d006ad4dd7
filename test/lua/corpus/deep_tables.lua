local t = {a = {b = {c = {d = {e = "deep"}}}}}
print(t.a.b.c.d.e, t["a"]["b"].c["d"].e)
local m = {}
for i = 1, 5 do m[i] = {} for j = 1, 5 do m[i][j] = i * j end end
print(m[3][4], m[5][5], #m, #m[1])
local list = nil
for i = 1, 5 do list = {value = i, next = list} end
local s = 0
local node = list
while node do s = s + node.value; node = node.next end
print(s)
