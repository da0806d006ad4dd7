print(string.format("%s|%s|%s|%s", 1e15, 1e16, 0.1, -0.0))
print(string.format("%5.2s|", "abc"))
print(string.format("%-5d|%-5s|", 3, "ab"))
