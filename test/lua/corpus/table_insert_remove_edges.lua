local t = {}
table.insert(t, "a")
table.insert(t, 1, "b")
table.insert(t, #t + 1, "c")
print(table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, #t), table.concat(t, ","))
print(table.remove(t), table.remove(t), #t)
local u = {1, 2, 3}
print(table.remove(u, 0), table.remove(u, 5), #u)
print(pcall(table.insert, u, "x", 1))
table.insert(u, 2.0, "two")
print(table.concat(u, ","))
