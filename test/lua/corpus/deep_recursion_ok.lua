local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(180))
local t = {}
local cur = t
for i = 1, 500 do cur.next = {}; cur = cur.next end
local d = 0
cur = t
while cur do d = d + 1; cur = cur.next end
print(d)
