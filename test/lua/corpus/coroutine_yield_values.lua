local co = coroutine.create(function(a)
  local b, c = coroutine.yield(a * 2, "y1")
  local d = coroutine.yield(b + c)
  return d, "fin"
end)
print(coroutine.resume(co, 5))
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, "last"))
print(coroutine.resume(co))
local gen = coroutine.wrap(function(...)
  local args = {...}
  for i = 1, #args do coroutine.yield(args[i]) end
end)
print(gen(10, 20, 30), gen(), gen())
