local goto = 5
print(goto)
local continue = 1
print(continue + goto)
