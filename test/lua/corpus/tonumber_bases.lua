print(tonumber("1010", 2), tonumber("777", 8), tonumber("zz", 36), tonumber("ZZ", 36), tonumber("g", 16), tonumber("10", 36))
print(tonumber("", 10), tonumber(" ", 16), tonumber("1 ", 16), tonumber(" 1", 16), tonumber("1x", 16))
print(pcall(tonumber, "1", 1), pcall(tonumber, "1", 37))
print(tonumber("0x1A"), tonumber("0X1a"), tonumber("1e1"), tonumber("-.5"), tonumber("- 5"))
