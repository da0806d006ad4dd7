-- deterministic pseudo-random table.sort inputs, with ties, comparators and bad comparators
local seed = 6061
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for round = 1, 120 do
  local n = rnd(40)
  local t = {}
  for i = 1, n do t[i] = {k = rnd(8), id = i} end
  local mode = rnd(4)
  local ok, err
  if mode == 0 then ok, err = pcall(table.sort, t, function(a, b) return a.k < b.k end)
  elseif mode == 1 then ok, err = pcall(table.sort, t, function(a, b) return a.k > b.k end)
  elseif mode == 2 then ok, err = pcall(table.sort, t, function(a, b) return a.k <= b.k end)
  else
    local u = {}
    for i = 1, n do u[i] = rnd(3) == 0 and tostring(rnd(100)) or rnd(100) end
    ok, err = pcall(table.sort, u)
    print(round, "mixed", ok, ok and table.concat(u, ",") or err)
  end
  if mode ~= 3 then
    local ids = {}
    for i = 1, n do ids[i] = t[i].k .. ":" .. t[i].id end
    print(round, mode, ok, tostring(err), table.concat(ids, " "))
  end
end
