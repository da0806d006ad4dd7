local ok, e = pcall(error, {msg = "tbl"})
print(ok, type(e), e.msg)
local ok2, e2 = pcall(error, setmetatable({}, {__tostring = function() return "TS" end}))
print(ok2, tostring(e2))
