-- Shared by every scenario of scripts/bench.sh: reads what the script gathered (session
-- cookies, CSRF token, the consultant's case ids and writable items) from the environment and
-- files, counts answers per thread (ok, acknowledged writes, 409 conflicts, errors) and prints
-- one RESULT line that bench.sh parses.
--
-- Environment: BENCH_STAFF_COOKIE, BENCH_EXPAT_COOKIE, BENCH_CSRF, BENCH_CASES (file: one case
-- id a line), BENCH_ITEMS (file: "case item version status" a line), BENCH_BAD_PERCENT (soak).

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

ok, acked, conflict, err, bad, client, server = 0, 0, 0, 0, 0, 0, 0
cases, items = {}, {}
local next_item = 0

staff_cookie = "softland_session=" .. (os.getenv("BENCH_STAFF_COOKIE") or "")
expat_cookie = "softland_session=" .. (os.getenv("BENCH_EXPAT_COOKIE") or "")
csrf = os.getenv("BENCH_CSRF") or ""

local function lines(path)
  local out = {}
  if path == nil or path == "" then return out end
  local f = io.open(path, "r")
  if f == nil then return out end
  for line in f:lines() do
    if line ~= "" then table.insert(out, line) end
  end
  f:close()
  return out
end

-- Each thread gets its own share of the items (index mod threads), so no two threads ever
-- write the same item and every write can carry the version the item has now.
function load_data(tid, nthreads)
  for _, line in ipairs(lines(os.getenv("BENCH_CASES"))) do
    table.insert(cases, line)
  end
  for i, line in ipairs(lines(os.getenv("BENCH_ITEMS"))) do
    if (i - 1) % nthreads == tid then
      local c, it, v, s = line:match("^(%d+)%s+(%d+)%s+(%d+)%s+(%S+)")
      if c then
        table.insert(items, { case = c, item = it, version = tonumber(v), status = s })
      end
    end
  end
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  math.randomseed(os.time() + tid * 7919)
  load_data(tid, nthreads)
end

function staff_get(path)
  return wrk.format("GET", path, { ["Cookie"] = staff_cookie })
end

function expat_get(path)
  return wrk.format("GET", path, { ["Cookie"] = expat_cookie })
end

function random_case()
  return cases[math.random(#cases)]
end

-- Items with a write in flight (by item id): an item is written again only after its last
-- write was answered with a 303, so no write can overtake the one before it and every write
-- carries the version the item has then. An item whose write was refused stays out.
local pending = {}

-- The next item of this thread, round robin, with an action that keeps it cycling between
-- "in progress" and "waiting for the authority" (submit, return): every write changes the
-- status (one row in item_status_history) and raises the item's version by one.
function status_write()
  if #items == 0 then return staff_get("/cases") end
  for _ = 1, #items do
    next_item = next_item % #items + 1
    if not pending[items[next_item].item] then break end
  end
  local it = items[next_item]
  pending[it.item] = true
  local body
  if it.status == "in_progress" then
    body = "csrf=" .. csrf .. "&action=submit&version=" .. it.version
    it.status = "submitted"
  else
    body = "csrf=" .. csrf .. "&action=return&reason=bench+round&version=" .. it.version
    it.status = "in_progress"
  end
  it.version = it.version + 1
  return wrk.format("POST", "/cases/" .. it.case .. "/items/" .. it.item .. "/status", {
    ["Cookie"] = staff_cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status == 409 then
    conflict = conflict + 1
  elseif status >= 300 and status < 400 then
    local location = headers["Location"] or headers["location"] or ""
    if location:sub(1, 7) == "/cases/" or location == "/my" then
      acked = acked + 1
      ok = ok + 1
      local item = location:match("#item%-(%d+)$")
      if item then pending[item] = nil end
    else
      -- A redirect to /login means the session was lost: an error, not an answer.
      err = err + 1
    end
  elseif status >= 200 and status < 300 then
    ok = ok + 1
  else
    err = err + 1
    if status >= 500 then server = server + 1 else client = client + 1 end
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, acked = 0, conflict = 0, err = 0, bad = 0, client = 0, server = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (tonumber(thread:get(k)) or 0)
    end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d ok=%d acked=%d conflict=%d err=%d socket=%d bad=%d client=%d server=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    t.ok, t.acked, t.conflict, t.err, socket, t.bad, t.client, t.server))
end
