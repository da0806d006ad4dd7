local s = "abcdef"
print(s:sub(2, 2), s:sub(-2, -1), s:sub(-2, -3), s:sub(0, 0), s:sub(7, 7), s:sub(-7, 1), s:sub(3), s:sub(1.5, 3.7))
print(("x"):sub(2), ("x"):sub(1, 0))
