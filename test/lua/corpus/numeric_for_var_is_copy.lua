for i = 1, 3 do
  local f = function() return i end
  i = i + 100
  print(i, f())
end
