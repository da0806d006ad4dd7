local t = {}
t[1] = "a"
t[1.0] = "b"
t["1"] = "c"
print(t[1], t["1"])
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
