local all = ""
for i = 0, 127 do all = all .. string.char(i) end
for _, c in ipairs({"a", "c", "d", "l", "p", "s", "u", "w", "x", "A", "D", "S", "W"}) do
  local n = select(2, all:gsub("%" .. c, ""))
  print(c, n)
end
print(select(2, all:gsub("[%a%d]", "")), select(2, all:gsub("[^%a%d]", "")), select(2, all:gsub("[a-f0-3]", "")))
