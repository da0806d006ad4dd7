-- Assigning new keys during a traversal is undefined behaviour in Lua, but 5.1
-- is deterministic about it (next looks the key up again after a rehash).
local t = {}
for i = 1, 6 do t["k" .. i] = i end
local seen, n = {}, 0
for k, v in pairs(t) do
  n = n + 1
  seen[#seen + 1] = k .. "=" .. tostring(v)
  if n <= 8 then t["new" .. n] = n * 10 end
  if n > 40 then break end
end
print(n, table.concat(seen, " "))
local a = {1, 2, 3}
local out = {}
for k, v in pairs(a) do
  out[#out + 1] = k .. ":" .. v
  if k == 2 then for j = 4, 20 do a[j] = j end end
  if #out > 40 then break end
end
print(table.concat(out, " "))
local m = {x = 1, y = 2, z = 3, [1] = "a", [2] = "b"}
local r = {}
for k, v in pairs(m) do
  r[#r + 1] = tostring(k)
  m[k] = nil
  m[tostring(k) .. "!"] = v
  if #r > 30 then break end
end
print(#r, table.concat(r, ","))
