-- wrk script of `make bench` (bench/run.py): cycles through the paths of a file, one per line.
--
--   wrk -t2 -c16 -d10s -s bench/urls.lua http://127.0.0.1:8000 <paths-file>
--
-- Each thread starts at its own offset in the list so that the threads do not request the same
-- pages in step. At the end, `done` prints one line "WRK_JSON {...}" that bench/wrk.py parses:
-- latencies in microseconds; errors.status counts the answers that are not 2xx or 3xx.

local paths = {}
local position = 0
local thread_count = 0

function setup(thread)
   thread:set("thread_number", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   local name = args[1] or os.getenv("BENCH_PATHS")
   local file = assert(io.open(name, "r"), "fichier de chemins introuvable : " .. tostring(name))
   for line in file:lines() do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   file:close()
   assert(#paths > 0, "fichier de chemins vide : " .. name)
   position = ((thread_number or 0) * 7919) % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, '
         .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.timeout, errors.status,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max
   ))
end
