local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local s = {"banana", "apple", "Cherry", "date"}
table.sort(s)
print(table.concat(s, " "))
local recs = {{n = "a", v = 3}, {n = "b", v = 1}, {n = "c", v = 3}, {n = "d", v = 2}, {n = "e", v = 1}, {n = "f", v = 3}}
table.sort(recs, function(x, y) return x.v < y.v end)
local out = {}
for _, r in ipairs(recs) do out[#out + 1] = r.n .. r.v end
print(table.concat(out, " "))
print(pcall(table.sort, {3, 1, "x"}))
print(pcall(table.sort, {1, 2, 3}, function(a, b) return true end))
local big = {}
for i = 1, 100 do big[i] = (i * 37) % 101 end
table.sort(big)
print(big[1], big[50], big[100])
local e = {}
table.sort(e)
print(#e)
