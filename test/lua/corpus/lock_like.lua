local store = {}
local function set_nx_px(key, val, ttl) if store[key] then return nil end store[key] = {val = val, ttl = ttl} return "OK" end
local function release(key, token) local e = store[key] if e and e.val == token then store[key] = nil return 1 end return 0 end
print(set_nx_px("lock", "abc", 1000), set_nx_px("lock", "def", 1000))
print(release("lock", "def"), release("lock", "abc"), release("lock", "abc"))
