-- deterministic pseudo-random closures, upvalues and coroutines
local seed = 1357
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for round = 1, 60 do
  local fns, cos = {}, {}
  local shared = 0
  for i = 1, rnd(5) + 2 do
    local own = rnd(10)
    local kind = rnd(3)
    if kind == 0 then
      fns[#fns + 1] = function(x) own = own + x; shared = shared + 1; return own end
    elseif kind == 1 then
      fns[#fns + 1] = function(x) local a, b = x, own; return a * 2 + b, shared end
    else
      local co = coroutine.wrap(function(x)
        for j = 1, rnd(4) + 1 do x = coroutine.yield(x + own + j) or x end
        return "done" .. own
      end)
      fns[#fns + 1] = function(x) local ok, v = pcall(co, x) return ok and v or "dead" end
    end
  end
  local out = {}
  for step = 1, 8 do
    local f = fns[rnd(#fns) + 1]
    local r1, r2 = f(rnd(7))
    out[#out + 1] = tostring(r1) .. (r2 and ("/" .. tostring(r2)) or "")
  end
  print(round, shared, table.concat(out, " "))
end
