print(2^53 + 1, 2^53 - 1, -2^53, 9007199254740993, 2^64, 1e15 + 0.5, 123456789 * 1000000)
print(math.floor(1e20), 1e15 / 3, 7 / 7, 0.1 + 0.7, 4.35 * 100)
print(string.format("%.14g", 0.1), string.format("%.17g", 0.1), string.format("%d", 1e15))
