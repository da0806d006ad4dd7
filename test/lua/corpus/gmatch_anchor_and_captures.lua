for a, b in ("k1=v1;k2=v2"):gmatch("(%w+)=(%w+)") do print(a, b) end
for w in ("The quick brown fox"):gmatch("%a+") do io = io; print(#w) end
for n in ("1,22,333"):gmatch("%d+") do print(tonumber(n) * 2) end
