for i = 1, 3 do
  while true do
    if i == 2 then break end
    print("while", i)
    break
  end
  repeat
    if i == 3 then break end
    print("repeat", i)
  until true
end
local found
for i = 1, 10 do for j = 1, 10 do if i * j == 42 then found = i .. "x" .. j break end end if found then break end end
print(found)
