for w in string.gmatch("one two  three", "%a+") do print(w) end
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do print(k, v) end
for e in string.gmatch("abc", "") do io = io; print("[" .. e .. "]") end
for p in string.gmatch("hello", "()l") do print(p) end
local it = string.gmatch("x y", "%a")
print(it(), it(), it())
for a in ("^a^a"):gmatch("^a") do print(a) end
