local t = {"c", "a", "b"}
table.sort(t)
print(table.concat(t))
print(#t, table.getn(t), table.maxn(t))
local copy = {unpack(t)}
copy[1] = "z"
print(t[1], copy[1])
local rev = {}
for i = #t, 1, -1 do rev[#rev + 1] = t[i] end
print(table.concat(rev, ","))
