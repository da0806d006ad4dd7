local t = {10, 20, 30}
print(next(t), next(t, 1), next(t, 3), next({}))
print(pcall(next, t, 5))
print(pcall(next, t, "x"))
local h = {x = 1}
print(next(h))
print(next(h, "x"))
local cnt = 0
local big = {}
for i = 1, 100 do big["k" .. i] = i end
for k, v in pairs(big) do big[k] = nil; cnt = cnt + 1 end
print(cnt, next(big))
local m = {1, 2, 3, a = 1, b = 2}
local n = 0
for k, v in pairs(m) do n = n + 1; m[k] = v * 2 end
print(n, m[1], m.a)
