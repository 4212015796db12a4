-- MIX: 80 % reads spread evenly over S1-S4, 20 % S5 writes.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
request = function()
  local r = math.random(100)
  if r <= 20 then return staff_get("/")
  elseif r <= 40 then return staff_get("/cases")
  elseif r <= 60 then return staff_get("/cases/" .. random_case())
  elseif r <= 80 then return expat_get("/my")
  else return status_write() end
end
