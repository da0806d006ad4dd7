for _, v in ipairs({0, 1, -1, 0.5, 123456.789, 1e-10, 9.9999, 1e22}) do
  print(string.format("%e|%.2e|%f|%.1f|%10.3f|%-12.4e|", v, v, v, v, v, v))
end
