print(unpack({1, 2, 3}))
print(unpack({1, 2, 3}, 2))
print(unpack({1, 2, 3}, 2, 3))
print(unpack({1, nil, 3}))
print(unpack({}, 1, 3))
print(unpack({1, 2}, 3))
print(select('#', unpack({}, 1, 0)))
print(pcall(unpack, {}, 1, 1e7))
print(pcall(unpack))
local t = {}
for i = 1, 200 do t[i] = i end
print(select('#', unpack(t)))
print(math.max(unpack({4, 9, 2})))
