while false do print("never") end
do local x = 1; print(x) end
repeat local y = 2; print(y) until true
if true then end
for i = 1, 0 do end
print("end")
