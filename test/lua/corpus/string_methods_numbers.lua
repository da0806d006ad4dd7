local n = 5
print(("%d"):format(n), ("x"):byte(), ("abc"):find("b"))
print(pcall(function() return (5):type() end))
print(#tostring(12345), tostring(1e15):len())
print(("10" + 0) == 10, "10" == 10, 10 .. "" == "10")
