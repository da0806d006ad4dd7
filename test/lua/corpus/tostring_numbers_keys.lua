local t = {}
t[1] = "int"; t[1.5] = "float"; t["1"] = "str"
print(t[1], t[1.5], t["1"], t[3/2], t[2/2])
t[2^53] = "big"
print(t[2^53])
local neg = {}
neg[-1] = "m1"; neg[0] = "zero"
print(neg[-1], neg[0], #neg)
