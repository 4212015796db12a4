-- S3: one of the consultant's cases, at random.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return staff_get("/cases/" .. random_case()) end
