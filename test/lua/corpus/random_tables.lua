-- deterministic pseudo-random table operations: pairs order, #, next, insert/remove
local seed = 4242
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for round = 1, 40 do
  local t = {}
  local ops = rnd(60) + 5
  for i = 1, ops do
    local op = rnd(7)
    if op == 0 then t[rnd(30) + 1] = i
    elseif op == 1 then t["k" .. rnd(25)] = i
    elseif op == 2 then t[rnd(30) + 1] = nil
    elseif op == 3 then t["k" .. rnd(25)] = nil
    elseif op == 4 then table.insert(t, i)
    elseif op == 5 then t[rnd(8) + 0.5] = i
    else t[#t + 1] = i end
  end
  local keys = {}
  for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
  print(round, #t, table.concat(keys, " "))
end
