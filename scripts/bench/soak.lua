-- Soak (scripts/soak.sh): MIX traffic with BENCH_BAD_PERCENT % deliberately bad requests:
-- a wrong CSRF token, an item of another case, a malformed version or action, ids that do
-- not exist or are not numbers, an expat writing to a case that is not theirs, a body that
-- is not a form. Each must be answered 4xx and change nothing; nothing may answer 5xx.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local bad_percent = tonumber(os.getenv("BENCH_BAD_PERCENT") or "5")
local expat_case = os.getenv("BENCH_EXPAT_CASE") or ""
local expat_csrf = os.getenv("BENCH_EXPAT_CSRF") or ""
local form = "application/x-www-form-urlencoded"

local function post(cookie, path, body, content_type)
  return wrk.format("POST", path, { ["Cookie"] = cookie, ["Content-Type"] = content_type or form }, body)
end

local function any_item()
  if #items == 0 then return { case = random_case(), item = "1", version = 1 } end
  return items[math.random(#items)]
end

local function another_case(than)
  for _ = 1, 10 do
    local c = random_case()
    if c ~= than and c ~= expat_case then return c end
  end
  return "999999999"
end

local bad_requests = {
  function() -- wrong CSRF token
    local it = any_item()
    return post(staff_cookie, "/cases/" .. it.case .. "/items/" .. it.item .. "/status",
      "csrf=0000" .. csrf:sub(5) .. "&action=submit&version=" .. it.version)
  end,
  function() -- an item of one case under another case's id
    local it = any_item()
    return post(staff_cookie, "/cases/" .. another_case(it.case) .. "/items/" .. it.item .. "/status",
      "csrf=" .. csrf .. "&action=submit&version=" .. it.version)
  end,
  function() -- a malformed version
    local it = any_item()
    return post(staff_cookie, "/cases/" .. it.case .. "/items/" .. it.item .. "/status",
      "csrf=" .. csrf .. "&action=submit&version=1e9x")
  end,
  function() -- an action that does not exist
    local it = any_item()
    return post(staff_cookie, "/cases/" .. it.case .. "/items/" .. it.item .. "/status",
      "csrf=" .. csrf .. "&action=explode&version=" .. it.version)
  end,
  function() return staff_get("/cases/987654321") end, -- no such case
  function() return staff_get("/cases/12abc") end, -- not an id
  function() -- an expat writing to another household's case
    return post(expat_cookie, "/my/cases/" .. another_case(expat_case) .. "/messages",
      "csrf=" .. expat_csrf .. "&body=hello+from+elsewhere")
  end,
  function() -- a body that is not a form at all
    local it = any_item()
    return post(staff_cookie, "/cases/" .. it.case .. "/items/" .. it.item .. "/status",
      "{\"action\": [1, 2", "application/json")
  end,
}

request = function()
  if math.random(100) <= bad_percent then
    bad = bad + 1
    return bad_requests[math.random(#bad_requests)]()
  end
  local r = math.random(100)
  if r <= 20 then return staff_get("/")
  elseif r <= 40 then return staff_get("/cases")
  elseif r <= 60 then return staff_get("/cases/" .. random_case())
  elseif r <= 80 then return expat_get("/my")
  else return status_write() end
end
