-- wrk script: POST a seed report to the upload API, each request with distinct content (a
-- trailing HTML comment), so every request stores a new snapshot and runs the lifecycle.
--   wrk -t2 -c8 -d20s -s bench/upload.lua http://127.0.0.1:3990/api/v1/projects/bench/snapshots
-- Environment: PLUMB_TOKEN (an upload token), PLUMB_REPORT (the report file).
local token = os.getenv("PLUMB_TOKEN")
local path = os.getenv("PLUMB_REPORT")
local file = assert(io.open(path, "rb"))
local report = file:read("*a")
file:close()
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  requests = 0
end

function request()
  requests = requests + 1
  local body = report .. "\n<!-- run " .. id .. "-" .. requests .. " -->\n"
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "text/markdown",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
