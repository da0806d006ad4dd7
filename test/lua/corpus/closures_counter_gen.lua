local function gen(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
local s = 0
for v in gen(5) do s = s + v end
print(s)
local function memo(f)
  local cache = {}
  return function(x) local r = cache[x] if r == nil then r = f(x); cache[x] = r end return r end
end
local calls = 0
local sq = memo(function(x) calls = calls + 1; return x * x end)
print(sq(4), sq(4), sq(5), calls)
