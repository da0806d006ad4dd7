local t = {10, 20, a = 1, b = 2, 30, [5] = 50, c = 3}
local out = {}
for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
print(table.concat(out, " "), #t)
local u = {f = 1, g = 2, h = 3, i = 4, j = 5}
local o = {}
for k in pairs(u) do o[#o + 1] = k end
print(table.concat(o, ","))
