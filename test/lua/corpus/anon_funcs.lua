print((function(a, b) return a * b end)(6, 7))
local t = {f = function() return "in table" end, [1] = function(x) return x end}
print(t.f(), t[1]("idx"))
local function apply(f, ...) return f(...) end
print(apply(math.max, 3, 9, 2), apply(string.rep, "ab", 2))
local compose = function(f, g) return function(...) return f(g(...)) end end
print(compose(string.upper, string.reverse)("abc"))
