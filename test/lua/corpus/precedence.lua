print(2 + 3 * 4, (2 + 3) * 4, 2 ^ 3 ^ 2, -2 ^ 2, not nil == true, 1 .. 2 .. 3)
print(1 < 2 == true, "a" .. "b" == "ab", 1 + 2 .. "", 2 * 3 % 4, -3 % 5, - - 3)
print(1 or 2 and 3, nil and 1 or 2, false or nil, nil or false, 1 and nil, not 0, not not nil)
print(#"abc" + 1, -#"ab", 2^-1, 10 - 2 - 3, 64 / 4 / 2, "5" + 1 .. "")
