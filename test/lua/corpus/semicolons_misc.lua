local a = 1; local b = 2;
print(a + b);
print(("x"):rep(2));
local t = {1; 2; 3,}
print(#t)
local f = function(...) return select("#", ...) end
print(f(1), f())
