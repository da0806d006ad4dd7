local p = setmetatable({}, {__tostring = function() return "P!" end})
print(p)
print(tostring(p), string.format("%s", "x"))
