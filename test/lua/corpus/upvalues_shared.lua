local function mk()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local g, s = mk()
s(42)
print(g())
local a = 1
local function f() a = a + 1 return a end
f(); f()
print(a)
local t = {}
for i = 1, 3 do
  local j = i
  t[i] = function() j = j + 1; return j end
end
print(t[1](), t[1](), t[2](), t[3]())
