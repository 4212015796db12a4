-- P2: the public list of upcoming events, as an anonymous visitor reads it (issue 22).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/events") end
