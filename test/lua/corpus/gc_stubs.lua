print(type(collectgarbage("count")), collectgarbage(), collectgarbage("collect"), collectgarbage("step"))
print(type(gcinfo()))
print(pcall(collectgarbage, "bogus"))
