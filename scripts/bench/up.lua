-- UP: the consultant uploads a 1 MiB PDF to one of their cases (multipart/form-data, the
-- CSRF token as the first field, as the case's files page sends it). The server streams it
-- to the file store: its memory must stay flat however many clients upload at once.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local boundary = "softlandbench7MA4YWxkTrZu0gW"
local body

local base_init = init
function init(args)
  base_init(args)
  -- 1 MiB (BENCH_UPLOAD_MIB to change it): a PDF header, then filler (the type is told
  -- from the first bytes).
  local mib = tonumber(os.getenv("BENCH_UPLOAD_MIB") or "1")
  local pdf = "%PDF-1.4\n" .. string.rep("0123456789abcdef", 65536 * mib - 2) .. "\n%%EOF\n"
  body = "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n" .. csrf .. "\r\n"
    .. "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"files\"; filename=\"contract.pdf\"\r\n"
    .. "Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n"
    .. "--" .. boundary .. "--\r\n"
end

request = function()
  return wrk.format("POST", "/cases/" .. random_case() .. "/files", {
    ["Cookie"] = staff_cookie,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }, body)
end
