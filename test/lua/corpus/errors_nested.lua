local ok, err = pcall(function()
  local ok2, err2 = pcall(error, "inner")
  error("outer:" .. err2, 0)
end)
print(ok, err)
local function lvl3() error("deep") end
local function lvl2() lvl3() end
local function lvl1() lvl2() end
print(pcall(lvl1))
print(pcall(function() local x = {} ; x = x + 1 end))
