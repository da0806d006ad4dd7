print(tostring(1/0), tostring(-1/0), tostring(0/0), tostring(tonumber("nan")), math.huge - math.huge)
print(string.format("%f %e %g", 1/0, -1/0, 0/0), string.format("%5.1f|%-6g|", 1/0, -1/0))
print(math.huge .. "", -math.huge .. "")
print(string.format("%d", 1/0), string.format("%x", 0/0))
