local src = {}
for i = 1, 201 do src[#src + 1] = "local v" .. i .. " = " .. i end
print(loadstring(table.concat(src, "\n")))
local src2 = {"local function f()"}
for i = 1, 199 do src2[#src2 + 1] = "local v" .. i .. " = " .. i end
src2[#src2 + 1] = "for i = 1, 2 do end end"
print(loadstring(table.concat(src2, "\n")))
local src3 = {}
for i = 1, 61 do src3[#src3 + 1] = "local u" .. i .. " = " .. i end
local body = {}
for i = 1, 61 do body[#body + 1] = "u" .. i end
src3[#src3 + 1] = "local function g() return " .. table.concat(body, " + ") .. " end"
print(loadstring(table.concat(src3, "\n")))
local src4 = {}
for i = 1, 200 do src4[#src4 + 1] = "local v" .. i .. " = " .. i end
print(loadstring(table.concat(src4, "\n")) ~= nil)
local src5 = {"local a, b, c"}
for i = 1, 198 do src5[#src5 + 1] = "local w" .. i end
print(loadstring(table.concat(src5, "\n")))
