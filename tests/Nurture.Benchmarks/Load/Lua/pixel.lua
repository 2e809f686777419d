-- Pixel load for wrk, the same traffic as TrafficModel.cs and Population.cs: returning visitors from a
-- population whose leads already exist, chosen with Zipf popularity, each living on one Zipf-popular
-- site; a share of first-time visitors; each visitor with one browser and one source; a quarter of hits
-- being landings that carry it; an event id unique per run, thread and request.
-- wrk ... -s pixel.lua http://127.0.0.1:PORT -- <traffic file> <prefix> <population> <new share> <run tag>
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local sites, agents, pages, sources, zones = {}, {}, {}, {}, {}
local prefix, size, newShare, tag
local counter = 0
local threads = 0

-- floor((n+1)^u): rank k comes up with probability ln((k+1)/k)/ln(n+1), as in Zipf.cs.
local function rank(n, u)
  local k = math.floor((n + 1) ^ u)
  if k > n then k = n end
  if k < 1 then k = 1 end
  return k
end

-- Zipf.StableUniform: exact in doubles below 2^53, so C# and Lua agree on every visitor's site.
local function stableUniform(i)
  return (i * 2654435761 % 4294967296) / 4294967296
end

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    local kind, a, b = line:match("^(%a+)\t([^\t]*)\t?([^\t]*)$")
    if kind == "site" then sites[#sites + 1] = { key = a, origin = b, home = b .. "%2F" }
    elseif kind == "ua" then agents[#agents + 1] = { ["User-Agent"] = a }
    elseif kind == "page" then pages[#pages + 1] = { path = a, title = b }
    elseif kind == "source" then sources[#sources + 1] = { query = a, referrer = b }
    elseif kind == "tz" then zones[#zones + 1] = a
    end
  end
  prefix, size, newShare, tag = args[2], tonumber(args[3]), tonumber(args[4]), args[5]
  -- Seeded by thread: the same command replays the same traffic.
  math.randomseed(7919 * tid + 17)
end

function request()
  counter = counter + 1
  local site, id, number
  if size == 0 or math.random() < newShare then
    site = sites[rank(#sites, math.random())]
    id = "n" .. tag .. "-" .. tid .. "-" .. counter
    number = counter
  else
    number = rank(size, math.random()) - 1
    site = sites[rank(#sites, stableUniform(number))]
    id = prefix .. number
  end
  local page = pages[rank(#pages, math.random())]
  local url, referrer
  if math.random() < 0.25 then
    local source = sources[(number % #sources) + 1]
    url, referrer = site.origin .. page.path .. source.query, source.referrer
  else
    url, referrer = site.origin .. page.path, site.home
  end
  local path = "/t.gif?siteKey=" .. site.key .. "&visitorId=" .. id .. "&eventId=" .. tag .. "-" .. tid .. "-" .. counter ..
    "&type=page_view&url=" .. url .. "&title=" .. page.title
  if referrer ~= "" then path = path .. "&referrer=" .. referrer end
  if math.random() < 0.1 then path = path .. "&p.tz=" .. zones[(number % #zones) + 1] end
  return wrk.format("GET", path, agents[(number % #agents) + 1])
end
