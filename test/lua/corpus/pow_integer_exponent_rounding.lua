-- x^n for small integer n is correctly rounded (glibc's pow), not Math.pow's
-- last-bit approximation (found by test/lua/fuzz.test.ts). glibc itself is not
-- always correctly rounded (19721651.077270508 ^ 4 is one bit off), so the loop
-- stays short of such cases.
print(string.format('%.17g %.17g %.17g', 1.1 ^ 2, 1.1 ^ 3, 0.1 ^ 3), (1234567890123456789 ^ 3) % 0.3)
local seed = 12345
local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648 return seed / 2147483648 end
local line = {}
for i = 1, 80 do
  local x = (rnd() - 0.5) * 10 ^ math.floor(rnd() * 40 - 20)
  local n = 2 + math.floor(rnd() * 12)
  line[#line + 1] = string.format('%.17g', x ^ n)
  if #line == 4 then print(table.concat(line, ' ')) line = {} end
end
