-- S4: the expat's own status page.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function() return expat_get("/my") end
