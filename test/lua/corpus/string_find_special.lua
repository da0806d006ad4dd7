print(("a+b"):find("+", 1, true), ("a.b"):find(".", 2, true), ("[x]"):find("[", 1, true))
print(("hello"):find("l+"), ("hello"):find(".-l"), ("hello"):find("(h)(.)"))
print(("x"):find(""), ("x"):find("", 2), ("x"):find("", 3))
