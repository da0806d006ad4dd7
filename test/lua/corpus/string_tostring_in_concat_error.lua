print(pcall(function() return "x" .. print end))
print(pcall(function() return 1 .. nil end))
print(pcall(function() local t = {a = {}} return t.a .. "s" end))
