local function sliding_window(now, window, limit, hits)
  local kept = {}
  for _, ts in ipairs(hits) do if ts > now - window then kept[#kept + 1] = ts end end
  if #kept >= limit then return 0, kept end
  kept[#kept + 1] = now
  return 1, kept
end
local hits = {}
for t = 1, 20 do
  local ok
  ok, hits = sliding_window(t * 100, 1000, 5, hits)
  io = io; print(t, ok, #hits)
end
