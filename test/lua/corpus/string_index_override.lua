local s = "hello"
print(type(s.len), s:len(), ("x").upper("abc"))
print(pcall(function() return s.nofield end))
print(pcall(function() return s.x.y end))
string.custom = function(self) return "custom:" .. self end
print(s:custom())
