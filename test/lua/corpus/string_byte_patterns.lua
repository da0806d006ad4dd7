local s = "Hello\0World\255"
print(#s, s:find("\0", 1, true), s:find("%z"), s:byte(-1), s:sub(7, 11))
print(("abc"):rep(3, ","))
print(s:upper():byte(1, 5))
