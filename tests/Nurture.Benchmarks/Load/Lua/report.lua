-- Prints wrk's results as one machine-readable line (wrk's own --latency table has no p95).
-- Used alone for the static baseline, and loaded by pixel.lua.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "NURTURE_WRK requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50=%d p90=%d p95=%d p99=%d p999=%d max=%d mean=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
