local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end)
end
for i, sq in range(4) do print(i, sq) end
local function producer()
  return coroutine.create(function() for _, v in ipairs({"a", "b", "c"}) do coroutine.yield(v) end return "end" end)
end
local p = producer()
while true do
  local ok, v = coroutine.resume(p)
  print(ok, v, coroutine.status(p))
  if coroutine.status(p) == "dead" then break end
end
local nested = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield(1); coroutine.yield(2) end)
  coroutine.yield(inner() + 10)
  coroutine.yield(inner() + 10)
end)
print(nested(), nested())
