print(loadstring("--[[ a [[ b ]] print(1)"))
print(loadstring("x = [[ a [[ b ]]"))
print(type(loadstring("x = [=[ a [[ b ]=]")))
print(type(loadstring("x = [==[ a [==[ b ]==]")))
