for _, v in ipairs({0.1, 0.25, 1e-7, 123.456, 1e15, 1e16, -5.5, 2^-10}) do
  print(string.format("%g|%.1g|%.2g|%.5g|%.10g|%.14g|%.17g", v, v, v, v, v, v, v))
end
