local i, s = 0, 0
while i < 100 do
  i = i + 1
  if i % 2 == 0 then
    s = s + i
  elseif i % 3 == 0 then
    s = s - i
  end
end
print(i, s)
local n = 27
local steps = 0
while n ~= 1 do if n % 2 == 0 then n = n / 2 else n = 3 * n + 1 end steps = steps + 1 end
print(steps)
