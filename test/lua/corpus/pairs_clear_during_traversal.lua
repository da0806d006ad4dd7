local t = {1, 2, 3, 4, 5, x = 1, y = 2}
local n = 0
for k, v in pairs(t) do t[k] = nil; n = n + 1 end
print(n, next(t), #t)
local u = {}
for i = 1, 100 do u[i] = i end
for k in pairs(u) do u[k] = nil end
print(next(u), #u)
local w = {10, 20, 30}
for k, v in pairs(w) do if k == 3 then w[2] = nil end end
print(w[1], w[2], w[3])
