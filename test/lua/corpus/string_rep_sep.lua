print(string.rep("ab", 3), string.rep("", 100), string.rep("x", 1))
