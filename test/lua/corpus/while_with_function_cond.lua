local i = 0
local function more() i = i + 1; return i <= 3 end
while more() do print("iter", i) end
local q = {3, 2, 1}
while #q > 0 do print(table.remove(q)) end
