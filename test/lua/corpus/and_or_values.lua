print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil, nil or false)
print(0 and "zero is true", "" and "empty string is true")
local x = nil
local y = x and x.field or "default"
print(y)
local function f() return nil, 2 end
print((f() or "alt"), (f()))
print(not 1, not nil, not false, not not 0)
