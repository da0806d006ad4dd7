local parts = {}
for i = 1, 1000 do parts[i] = tostring(i) end
local s = table.concat(parts, ",")
print(#s, s:sub(1, 20), s:sub(-10))
local acc = ""
for i = 1, 100 do acc = acc .. i end
print(#acc)
