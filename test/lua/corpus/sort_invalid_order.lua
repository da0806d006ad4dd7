local t = {}
for i = 1, 20 do t[i] = i % 3 end
print(pcall(table.sort, t, function(a, b) return a <= b end))
