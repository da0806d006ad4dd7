print("x")
local = 5
