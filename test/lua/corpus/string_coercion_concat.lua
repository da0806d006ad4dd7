print(1 .. 2, 1.5 .. "", -0.0 .. "", 2^63 .. "", 1e100 .. "")
print("a" .. 1 + 2)
print(pcall(function() return "a" .. true end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() local x; return x .. "a" end))
print(pcall(function() local t = {} return "a" .. t.x end))
local parts = {}
for i = 1, 10 do parts[#parts + 1] = i end
print(table.concat(parts))
