-- P1: the public guide of the employee-card route, as an anonymous visitor reads it (issue 22).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/guides/employee-card") end
