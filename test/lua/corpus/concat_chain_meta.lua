local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x .. "+" .. y
end}
local o = setmetatable({v = "O"}, mt)
print("a" .. o, o .. "b", "a" .. o .. "b", o .. o, 1 .. o)
print(pcall(function() return "a" .. {} .. "b" end))
