-- wrk script for the Sesame bench: every request carries a cookie drawn at random from a pool of
-- signed-in sessions (one "name=value" per line), and Sec-Fetch-Site: same-origin as a browser
-- sends on a same-site form post (Sesame's CSRF check lets it through; the others ignore it).
-- Arguments after "--": <cookie file or "-" for none> <method> <path>.

local cookies = {}
local method = "GET"
local path = "/"

function init(args)
  local file = args[1]
  method = args[2] or method
  path = args[3] or path
  if file ~= nil and file ~= "-" then
    for line in io.lines(file) do
      if #line > 0 then cookies[#cookies + 1] = line end
    end
  end
  math.randomseed(os.time())
end

function request()
  local headers = { ["Sec-Fetch-Site"] = "same-origin" }
  if #cookies > 0 then headers["Cookie"] = cookies[math.random(#cookies)] end
  return wrk.format(method, path, headers)
end
