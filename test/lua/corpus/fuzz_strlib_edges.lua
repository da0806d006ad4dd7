-- string library edge cases found by the differential fuzzer (test/lua/fuzz.test.ts)
-- a back-reference to a position capture never matches
print(string.match('%) z2,', '()%1z+%d', 0), string.find('aa', '()%1'))
local out = {} for a in string.gmatch('),..', '()%1') do out[#out + 1] = a end print(#out)
-- a replacement string ending in '%' adds a NUL byte
print(#string.gsub('ab', '()$', '%'), string.byte(string.gsub('a', '^', '%'), 1))
-- string.format checks that the argument exists before parsing the directive
print(pcall(string.format, '%.107X'))
print(pcall(string.format, '%5'))
-- string.sub requires its start index; negative positions are clamped at 0
print(pcall(string.sub, 'abc'))
print(string.byte('abc', -6), string.byte('abc', -6, 2), string.sub('abc', -6, -5), string.find('abc', 'a', -10))
-- table.concat checks the separator before the table
print(pcall(table.concat, 1, true))
