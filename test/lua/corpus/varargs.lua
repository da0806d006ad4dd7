local function f(...) return select('#', ...), ... end
print(f())
print(f(nil, nil))
print(f(1, nil, 3))
local function g(...) local a, b = ... return a, b end
print(g(1, 2, 3))
local function h(...) return {...} end
print(#h(1, 2, 3))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), select('#'))
print(pcall(select, 0, 1))
local function k(...) return ... , "end" end
print(k(1, 2))
print((f(1, 2, 3)))
local function arg_test(...) return arg end
print(arg_test(1, 2).n, arg_test(1, 2)[2])
local function arg_shadow(...) local n = select('#', ...) return arg end
print(arg_shadow(1))
