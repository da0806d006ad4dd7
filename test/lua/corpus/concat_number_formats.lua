local t = {}
for i = 1, 5 do t[#t + 1] = i / 4 end
print(table.concat(t, " "))
print(1e15 .. "|" .. 1e14 .. "|" .. 123456789012345 .. "|" .. 0.1 + 0.2)
