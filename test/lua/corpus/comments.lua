-- line comment
--[[ block
comment ]] print("after block")
--[==[ another ]] block ]==] print("after level 2")
print("x") -- trailing
---[[ not a block
print("y")
--]]
