local function f(a, a2)
  local a = a * 2
  do local a = a + 1; a2 = a end
  return a, a2
end
print(f(5))
local x = 1
local function g() local x = x + 1; return x end
print(g(), x)
