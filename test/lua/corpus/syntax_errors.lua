local cases = {
  "x = = 1", "goto foo", "a = 1 // 2", "a = 1 & 2", "a = 1 | 2", "a = ~1", "a = 'abc", "a = [[abc",
  "a = 3x", "for i=1 do end", "x = function() return 1 2 end", "local function end",
  "x = '\\300'", "f() = 1", "return return", "if x then", "if x else end", "while true do",
  "x = {1, 2", "x = (1", "local 1 = 2", "x = 1 +", "x.y.z", "x:y", "break", "do break end",
  "return ... ", "function f() return ... end", "x = }", "a.b:c = 1", "local t = {a = }",
  "x = 0x", "x = 1e", "x = 1..2", "x = '\\q'", "::label::", "x = 5 y = 6", "local a <const> = 1",
  "f(\n)", "a = b\n(f)()", "x = #", "for a, b = 1, 2 do end", "for a.b = 1, 2 do end",
  "function a:b:c() end", "return 1;;", "x = \"abc\ndef\"", "repeat until", "local function f() end end",
  "x = [=[ abc ]]", "--[[ unfinished", "x = 1 == == 2", "and", "x = not", "elseif", "end", "until x",
}
for i, c in ipairs(cases) do
  local f, err = loadstring(c)
  print(i, f and "ok" or err)
end
