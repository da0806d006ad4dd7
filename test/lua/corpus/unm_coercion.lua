print(-"2", -"-2", - -"3", -"0x10")
print(pcall(function() return -"abc" end))
