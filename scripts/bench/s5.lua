-- S5: a status change through the case page's form (CSRF token, action, version) -> 303.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = status_write
