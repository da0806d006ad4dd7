local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(), sum(1), sum(1, 2, nil, 4))
local function maxof(first, ...) local m = first for _, v in ipairs({...}) do if v > m then m = v end end return m end
print(maxof(3, 9, 2, 7))
