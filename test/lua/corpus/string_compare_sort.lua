local words = {"b", "B", "a", "A", "_", "1", "", "ab", "aB", "\255", "\0"}
table.sort(words)
local out = {}
for i, w in ipairs(words) do out[i] = string.format("%q", w) end
print(table.concat(out, " "))
