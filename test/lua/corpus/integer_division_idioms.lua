local function idiv(a, b) return math.floor(a / b) end
print(idiv(7, 2), idiv(-7, 2), idiv(7, -2), 7 % 2, -7 % 2, 7 % -2)
print(math.fmod(-7, 2), math.fmod(7, -2), (2^31) % 7, 1e15 % 7)
