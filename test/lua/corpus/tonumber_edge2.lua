print(tonumber("1e1", 10), tonumber("  0x1F  "), tonumber("1e-2"), tonumber("0e0"), tonumber(".e1"), tonumber("e1"))
print(tonumber("1.5e+3"), tonumber("--1"), tonumber("0x-1"), tonumber("1_000"), tonumber("\t5\n"))
print(tonumber(" -7 ", 10), tonumber("-7", 16), tonumber("7FFFFFFFFFFFFFFF", 16), tonumber("FFFFFFFFFFFFFFFFFF", 16))
