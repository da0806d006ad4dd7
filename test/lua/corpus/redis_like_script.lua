local KEYS = {"key1", "key2"}
local ARGV = {"10", "20"}
local total = 0
for i, v in ipairs(ARGV) do total = total + tonumber(v) end
local result = {}
for i, k in ipairs(KEYS) do result[#result + 1] = k .. ":" .. ARGV[i] end
print(total, table.concat(result, ","))
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local current = 7
if current + 1 > limit then print("limited") else print("allowed", limit - current - 1) end
local ttl = math.floor(window / 3)
print(ttl, string.format("%d", window * 1000))
