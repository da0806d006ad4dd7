local s = "field1=10;field2=20.5;field3=-3"
local t = {}
for k, v in s:gmatch("(%w+)=([^;]+)") do t[k] = tonumber(v) end
print(t.field1 + t.field2 + t.field3)
print(string.format("%.2f", t.field2), math.floor(t.field2), tostring(t.field3))
