local ok, err = pcall(function() error({code = "E1", msg = "bad"}) end)
print(ok, type(err), err.code, err.msg)
local function try(f, ...) local r = {pcall(f, ...)} if r[1] then return unpack(r, 2) end return "caught: " .. tostring(r[2]) end
print(try(function(a, b) return a + b end, 1, 2))
print(try(function() error("E2", 0) end))
print(try(function() return nil + 1 end))
