-- deterministic pseudo-random metatables: which metamethods exist, and operations on the objects
local seed = 8088
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local events = {"__index", "__newindex", "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__concat", "__eq", "__lt", "__le", "__call", "__len", "__tostring"}
local function mm(ev, id)
  if ev == "__index" then
    local k = rnd(3)
    if k == 0 then return {idx = "from table " .. id} end
    if k == 1 then return function(t, key) return "idx:" .. tostring(key) end end
    return setmetatable({}, {__index = function(_, key) return "chained:" .. tostring(key) end})
  end
  if ev == "__newindex" then
    if rnd(2) == 0 then return function(t, k, v) rawset(t, k, "nw:" .. tostring(v)) end end
    return {}
  end
  if ev == "__eq" or ev == "__lt" or ev == "__le" then return function(a, b) return rnd(2) == 0 end end
  if ev == "__tostring" then return function() return "obj" .. id end end
  return function(a, b) return ev .. "(" .. type(a) .. "," .. type(b) .. ")" end
end
local objs = {}
local shared = {}
for i = 1, 6 do
  local mt = rnd(3) == 0 and shared or {}
  for _, ev in ipairs(events) do if rnd(2) == 0 then mt[ev] = mt[ev] or mm(ev, i) end end
  objs[i] = setmetatable({id = i}, mt)
end
local ops = {
  function(a, b) return a + b end, function(a, b) return a - 1 end, function(a, b) return 2 * a end,
  function(a, b) return a / b end, function(a, b) return a % 3 end, function(a, b) return a ^ b end,
  function(a, b) return -a end, function(a, b) return a .. "s" end, function(a, b) return "s" .. a end,
  function(a, b) return a == b end, function(a, b) return a < b end, function(a, b) return a <= b end,
  function(a, b) return a > 1 end, function(a, b) return a(1, 2) end, function(a, b) return #a end,
  function(a, b) return a.idx end, function(a, b) return a.missing end, function(a, b) a.newkey = 5 return rawget(a, "newkey") end,
  function(a, b) return tostring(a):sub(1, 5) end, function(a, b) return a ~= b end, function(a, b) return a .. b end,
}
for i = 1, 400 do
  local a, b = objs[rnd(6) + 1], rnd(4) == 0 and rnd(10) or objs[rnd(6) + 1]
  local o = rnd(#ops) + 1
  local r = {pcall(ops[o], a, b)}
  for j = 2, #r do if type(r[j]) == "table" or type(r[j]) == "function" then r[j] = type(r[j]) end end
  print(i, o, a.id, type(b) == "table" and b.id or b, tostring(r[1]), tostring(r[2]))
end
