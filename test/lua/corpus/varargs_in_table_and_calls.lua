local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local function forward(...) return select("#", ...), ... end
print(forward(pack(1, 2).n, nil))
local function mid(...) local a = {...} return a[2] end
print(mid(1, 2, 3), mid())
print((select("#", (function() return 1, 2, 3 end)())))
