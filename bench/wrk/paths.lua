-- GET requests cycling through the paths in a file (one per line), as if behind the
-- TLS proxy production runs behind.  wrk ... -s paths.lua <url> -- <paths file>
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local paths, next_path = {}, 0
local headers = {["X-Forwarded-Proto"] = "https"}

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + (id or 0))
  next_path = math.random(#paths) -- threads start at different places
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end

done = report.done
