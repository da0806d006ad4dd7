local t = {}
for i = 1, 30 do t["k" .. i] = i end
for i = 1, 30, 3 do t["k" .. i] = nil end
t.new1 = 1; t.new2 = 2; t.k4 = 40
local out = {}
for k, v in pairs(t) do out[#out + 1] = k end
print(table.concat(out, " "))
