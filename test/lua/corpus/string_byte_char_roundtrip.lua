local s = ""
for i = 0, 255 do s = s .. string.char(i) end
print(#s, s:byte(1), s:byte(256), s:byte(-1))
local bytes = {s:byte(1, 10)}
print(#bytes, bytes[10])
print(string.char(s:byte(65, 70)))
local up = s:upper()
print(up:byte(98), up:byte(200))
