local n = 0
local function it(s, c)
  n = n + 1
  if n == 3 then return nil end
  return n
end
local t = setmetatable({}, {__call = function(self, s, c) n = n + 1 if n < 3 then return n end return nil end})
for x in t do
  local y = x
  local z = y
end
print("ok1")
local calls = 0
local mt = {}
local obj = setmetatable({}, mt)
mt.__call = function() calls = calls + 1 if calls == 2 then mt.__call = nil end return calls end
for x in obj do
  local a = x
  local b = a
end
