local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(10), pcall(even, 3))
local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end
print(fact(5))
local g = function(n) return n end
local g = function(n) if n > 0 then return g(n - 1) + 1 end return 0 end
print(g(3))
