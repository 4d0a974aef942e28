-- wrk: each connection waits a random think time (uniform, mean WRK_MEAN_MS) before each
-- request, so arrivals are spread out as independent clients' are, never in lockstep
local mean_ms = tonumber(os.getenv("WRK_MEAN_MS") or "10")
math.randomseed(os.time())
function delay()
  return math.floor(math.random() * 2 * mean_ms + 0.5)
end
