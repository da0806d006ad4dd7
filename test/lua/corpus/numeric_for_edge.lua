for i = 1, 3 do local i = i * 10; print(i) end
for i = -1, -3, -1 do print(i) end
for i = 1, 1 do print("once") end
for i = 0.1, 0.35, 0.1 do print(i) end
local n = 0
for i = 1, 1e6, 250000 do n = n + 1 end
print(n)
print(pcall(function() for i = 1, 2, 0 do break end return "zero step" end))
