local t = {}
for _, k in ipairs({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"}) do t[k] = #k end
local out = {}
for k, v in pairs(t) do out[#out + 1] = k .. "=" .. v end
print(table.concat(out, " "))
local c = {x = 1, y = 2, z = 3, name = "n", id = 7, [1] = "a", [2] = "b", [10] = "ten", [2.5] = "f", [true] = "t"}
local o2 = {}
for k, v in pairs(c) do o2[#o2 + 1] = tostring(k) .. ":" .. tostring(v) end
print(table.concat(o2, " "))
