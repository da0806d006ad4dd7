local function f() return 1, 2, 3 end
local t = {f(), f()}
print(#t)
print(f(), f())
print((f()))
local a, b, c, d = f()
print(a, b, c, d)
local x, y = 1
print(x, y)
print(#{f(), nil}, #{nil, f()})
print(string.format("%d %d %d", f()))
print(math.max(f()), select("#", f(), f()))
