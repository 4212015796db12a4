-- ICS: the calendar feed of the consultant with the most open items with a due date (issue 19),
-- fetched as a calendar app does: no session, the secret in the address (BENCH_FEED_SECRET,
-- gathered by lib.sh's gather_feed from the bench seed's predictable feed secrets).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local path = "/calendar/" .. (os.getenv("BENCH_FEED_SECRET") or "") .. ".ics"
request = function() return wrk.format("GET", path) end
