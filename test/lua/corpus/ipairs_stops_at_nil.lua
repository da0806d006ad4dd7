local t = {1, 2, nil, 4}
local c = 0
for i, v in ipairs(t) do c = c + 1 end
print(c)
local m = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
local d = 0
for i, v in ipairs(m) do d = d + 1 end
print(d)
