local nums = {3.5, -1, 0, 1e10, -1e10, 2, 2, 7}
table.sort(nums)
print(table.concat(nums, " "))
local strs = {"10", "9", "1", "100", "a", "A"}
table.sort(strs)
print(table.concat(strs, " "))
table.sort(strs, function(a, b) return #a < #b end)
print(#strs)
local byfield = {}
for i = 1, 30 do byfield[i] = {k = (i * 7) % 11, i = i} end
table.sort(byfield, function(a, b) return a.k < b.k end)
local ks = {}
for i, v in ipairs(byfield) do ks[i] = v.k .. ":" .. v.i end
print(table.concat(ks, " "))
