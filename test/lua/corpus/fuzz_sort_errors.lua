-- table.sort's own comparisons raise errors without a position (from C)
print(pcall(table.sort, {1, 'a'}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2, nil, 3}))
print(pcall(function() local t = {'a', 12} table.sort(t) end))
-- a Lua comparator's errors keep their position
print(pcall(table.sort, {1, 2, 3}, function(a, b) return a < 'x' end))
