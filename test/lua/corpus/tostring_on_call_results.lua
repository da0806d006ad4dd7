local function f() return 1, 2 end
print(tostring(f()))
print(string.format("%s %s", f()))
print(#{f(), f()})
