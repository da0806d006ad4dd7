local s = [[
line1
line2]]
print(s, #s)
print([==[a]]b]=]c]==])
print([[a\nb]])
local t = [[
]]
print(#t)
