local function f()
  local a = 1
  local b = nil
  return a +
    b
end
print(pcall(f))
local function g()
  error("on line 10")
end
print(pcall(g))
local ok, e = pcall(function()
  local t = {}
  t.x.y = 1
end)
print(e)
