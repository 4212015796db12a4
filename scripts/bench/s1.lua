-- S1: the consultant's dashboard.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return staff_get("/") end
