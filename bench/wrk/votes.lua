-- Signed-in members voting and withdrawing, each on their own idea, in turn.
-- Lines of the file: "<session key> <CSRF token> <path>"; each wrk thread takes its
-- share of them.  wrk ... -s votes.lua <url> -- <votes file> <threads> <origin>
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local members, turn = {}, 0

function init(args)
  local threads, number = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if number % threads == id then
      local session, token, path = line:match("^(%S+) (%S+) (%S+)$")
      members[#members + 1] = {
        path = path,
        voted = false,
        headers = {
          ["X-Forwarded-Proto"] = "https",
          ["Origin"] = args[3],
          ["Cookie"] = "__Host-sessionid=" .. session .. "; __Host-csrftoken=" .. token,
          ["X-CSRFToken"] = token,
          ["Content-Type"] = "application/json",
        },
      }
    end
    number = number + 1
  end
end

function request()
  turn = turn % #members + 1
  local member = members[turn]
  local method = member.voted and "DELETE" or "POST"
  member.voted = not member.voted
  return wrk.format(method, member.path, member.headers, method == "POST" and "{}" or nil)
end

done = report.done
