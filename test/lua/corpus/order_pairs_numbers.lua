local t = {}
for i = 1, 20 do t[i * 7 % 23] = i end
t[-1] = "neg"; t[0] = "zero"; t[100] = "h"; t[1e10] = "big"; t[0.5] = "half"
local out = {}
for k, v in pairs(t) do out[#out + 1] = tostring(k) end
print(table.concat(out, " "))
