-- GET requests cycling through the paths in a file (one per line), as if behind the
-- TLS proxy production runs behind; with a sessions file (lines starting with a
-- session key), each request is a different signed-in member's, in turn.
--   wrk ... -s paths.lua <url> -- <paths file> [<sessions file>]
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local paths, next_path = {}, 0
local cookies, next_cookie = {}, 0
local headers = {["X-Forwarded-Proto"] = "https"}

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  if args[2] then
    for line in io.lines(args[2]) do
      cookies[#cookies + 1] = "__Host-sessionid=" .. line:match("^(%S+)")
    end
  end
  math.randomseed(os.time() + (id or 0))
  next_path = math.random(#paths) -- threads start at different places
  next_cookie = #cookies > 0 and math.random(#cookies) or 0
end

function request()
  next_path = next_path % #paths + 1
  if #cookies > 0 then
    next_cookie = next_cookie % #cookies + 1
    headers["Cookie"] = cookies[next_cookie]
  end
  return wrk.format("GET", paths[next_path], headers)
end

done = report.done
