local function id(...) return ... end
print(id"str", id[[long]], #id{1, 2, 3})
print(("abc"):upper(), ("%d items"):format(3), #("xyz"):rep(2))
local t = {f = function(self, x) return x end}
print(t:f"sugar", t:f{1}[1])
print(type(string.format), string.format"no args")
