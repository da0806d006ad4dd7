local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c", ",")
print(#parts, table.concat(parts, "|"))
local p2 = split("one::two::three", "::")
print(#p2, p2[3])
local words = {}
for w in ("  lots   of   space  "):gmatch("%S+") do words[#words + 1] = w end
print(table.concat(words, "_"))
