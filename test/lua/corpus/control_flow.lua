for i = 1, 3 do io = nil; print(i) end
for i = 3, 1, -1 do print(i) end
for i = 1, 2, 0.5 do print(i) end
for i = 1, 0 do print("never") end
for i = 1.0, 3 do print(i) end
local n = 0
while true do n = n + 1; if n > 5 then break end end
print(n)
repeat n = n - 1 until n == 0
print(n)
if n == 0 then print("zero") elseif n == 1 then print("one") else print("other") end
if nil then print("a") elseif false then print("b") else print("c") end
for i = 1, 3 do for j = 1, 3 do if j == 2 then break end print(i, j) end end
for i = "1", "2" do print(i) end
print(pcall(function() for i = 1, 10, {} do end end))
print(pcall(function() for i = nil, 10 do end end))
