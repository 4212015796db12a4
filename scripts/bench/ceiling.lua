-- The ceiling: GET /healthz, a constant two-byte answer from memory (no session, no database).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/healthz") end
