local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[11] = 11; print(#t)
t[5] = nil; print(#t)
local s = {1, 2, 3}
s[#s + 1] = 4
table.insert(s, 5)
print(#s, s[5])
