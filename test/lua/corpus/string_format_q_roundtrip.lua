local s = "a\0b\1c\"d\\e\nf\rg\255"
local q = string.format("%q", s)
local back = loadstring("return " .. q)()
print(back == s, #q)
