local t = {}
local keys = {"user:1", "user:2", "session", "token", "a", "bb", "ccc", "dddd", "x1", "x2", "x3"}
for i, k in ipairs(keys) do
  t[k] = i
  local o = {}
  for kk in pairs(t) do o[#o + 1] = kk end
  print(i, table.concat(o, ","))
end
