local t = {10, 20, 30, nil, 50}
for i, v in ipairs(t) do print(i, v) end
local keys = {}
for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
local function iter(s, c) if c < s then return c + 1, c * 2 end end
for a, b in iter, 3, 0 do print(a, b) end
for k, v in next, {5} do print(k, v) end
print(pcall(function() for k in 5 do end end))
print(pcall(function() for k in nil do end end))
