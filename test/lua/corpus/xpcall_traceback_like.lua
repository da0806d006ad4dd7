local function handler(e) return "H(" .. tostring(e) .. ")" end
print(xpcall(function() local t = nil; return t[1] end, handler))
print(xpcall(function() return "ok", 2 end, handler))
print(xpcall(error, handler))
print(pcall(xpcall, function() end))
