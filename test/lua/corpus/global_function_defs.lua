function gf(a) return a * 2 end
print(gf(21))
t = {}
function t.f() return "t.f" end
function t:m() return self == t end
print(t.f(), t:m())
