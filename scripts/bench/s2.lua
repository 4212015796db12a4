-- S2: the consultant's open cases, page 1, sorted by next due date (the list's default).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return staff_get("/cases") end
