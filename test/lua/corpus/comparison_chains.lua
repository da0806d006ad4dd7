local a, b, c = 1, 2, 3
print(a < b and b < c, a < b == true, (a < b) == (b < c), not (a > b))
print("a" < "b" and "b" < "c", "abc" <= "abc", "abc" >= "abd")
