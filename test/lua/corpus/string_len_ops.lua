local s = "hello"
print(#s, #"", #"\0\0\0", s:len() == #s)
print(pcall(function() local n = nil; return #n end))
print(pcall(function() return #undefinedvar end))
