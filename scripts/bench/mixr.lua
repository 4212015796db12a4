-- MIXR: the MIX's reads alone, 25 % each of S1-S4 (what the writes of the MIX add: docs/performance.md, issue 25, seventh stop).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function()
  local r = math.random(100)
  if r <= 25 then return staff_get("/")
  elseif r <= 50 then return staff_get("/cases")
  elseif r <= 75 then return staff_get("/cases/" .. random_case())
  else return expat_get("/my") end
end
