local function count(...) return select('#', ...) end
print(count(nil), count(nil, nil, nil), count(unpack({1, nil, 3})))
local function pass(...) return ... end
print(count(pass(1, 2, 3)), count(pass(1, 2, 3), 4), count((pass(1, 2, 3))))
local function tbl(...) local t = {...} return #t, t[1], t[3] end
print(tbl(1, 2, 3))
local function last(...) local n = select('#', ...) return (select(n, ...)) end
print(last(1, 2, 3))
print(pcall(select, 'x'))
