-- math edge cases found by the differential fuzzer (test/lua/fuzz.test.ts)
print(math.modf(-5), math.modf(-0), math.modf(-1/0), math.modf(1/0), math.modf(-2^63))
for _, x in ipairs({5e-324, -5e-324, 1e-310, 1, 0.5, -3, 1e308, 2.2250738585072014e-308, 123.456, -0}) do print(math.frexp(x)) end
-- C99 pow: 1^y and (-1)^(+-inf) are 1
print(1 ^ (0/0), -1 ^ 'inf', (-1) ^ (1/0), (-1) ^ (-1/0), math.pow(1, 0/0))
-- two-argument functions report a bad argument 2 first
for _, f in ipairs({'fmod', 'pow', 'atan2', 'ldexp'}) do print(pcall(math[f], 'a', 'b')) end
print(pcall(math.ldexp, '1 2', ''))
-- a parenthesised numeral is still folded, so 0 and -0 share one constant
print(-(-0), - 0)
print((1 + 2) * 0, -(0))
