local function three() return 1, 2, 3 end
local t1 = {three()}
local t2 = {three(), three()}
local t3 = {(three())}
local t4 = {three(), x = 1}
local t5 = {x = 1, three()}
print(#t1, #t2, #t3, #t4, #t5)
local function none() end
print(#{none()}, #{none(), 1}, #{1, none()})
local t6 = {[1] = "a", [2] = "b", "c"}
print(t6[1], t6[2])
