print("a\tb", "q\"q", 'q\'q', "back\\slash", "\65\066\0671", "\x41", "nl\
x", #"\0\0", "\z")
print([[long
string]], [==[with ]] inside]==], [[
skip first newline]])
print(#[[

]])
