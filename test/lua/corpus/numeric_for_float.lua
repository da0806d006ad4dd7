for i = 0, 1, 0.1 do print(i) end
for i = 10, 1, -3 do print(i) end
local t = {}
for i = 1, 5 do i = i * 2; t[#t + 1] = i end
print(table.concat(t, ","))
