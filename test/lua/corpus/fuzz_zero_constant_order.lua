-- 0 and -0 share one constant per function; 5.1 adds an arithmetic operation's
-- right operand first when the left one is a numeral (found by test/lua/fuzz.test.ts)
print((-0) + 1/0, -0 - -1/0, -0 + -1/0, 0 + 1/0)
print((function() local z = 0 return z + 1/0, (-0) + 2, 1/0 + (-0) end)())
print((function() return -0 + 1/0 end)(), (function() return 1/0 + -0, 1/-0 end)())
print((function() return 1/(-0) < 0, -0 .. '' end)())
