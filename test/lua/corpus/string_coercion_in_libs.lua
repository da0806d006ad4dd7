print(string.rep(5, 2), string.len(123), string.upper(1.5), ("x"):rep("3"))
print(string.sub(12345, 2, "3"), string.byte(7), string.format("%s", 42), table.concat({1, 2.5, "x"}, 0))
print(math.max("10", 9), math.floor("2.5"), tonumber(" 5 ") + 1)
