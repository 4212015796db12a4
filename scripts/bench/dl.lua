-- DL: the consultant downloads a 1 MiB file uploaded in UP (streamed from the file store).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local file = os.getenv("BENCH_FILE") or ""
request = function() return staff_get("/cases/" .. file) end
