#!/usr/bin/env bash
# Load test of `chronicle serve`: wrk with 50 connections against the
# dashboard API and the event-list API; prints requests/s, p50 and p99 per
# endpoint (goal: p99 under 100 ms).
#
# Usage: bench/serve.sh [DB]
#   DB: a store to serve; without it one is built from the White House
#       corpus ($SHARED/data/whitehouse/docs.jsonl, about a minute) in a
#       temporary folder.
# Environment: CONNECTIONS (50), THREADS (4), DURATION (20s), PORT (18080).
# Needs wrk (Debian package `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
conns=${CONNECTIONS:-50}
threads=${THREADS:-4}
duration=${DURATION:-20s}
port=${PORT:-18080}
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
cargo build --release -q -p chronicle
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
db=${1:-}
if [ -z "$db" ]; then
  corpus="$shared/data/whitehouse/docs.jsonl"
  [ -f "$corpus" ] || { echo "no corpus at $corpus; pass a DB" >&2; exit 1; }
  db="$tmp/bench.db"
  echo "building $db from $corpus" >&2
  ./target/release/chronicle ingest "$corpus" --db "$db" --quiet >&2
fi
./target/release/chronicle serve --db "$db" --addr "127.0.0.1:$port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/api/openapi.json" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/api/openapi.json" >/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
paths=("/api/dashboard" "/api/dashboard?currency=USD&kind=military" "/api/events" "/api/events?type=VISIT&limit=50")
# One request each first: the server caches these answers (until a write
# or a change to the store), and the first one computes it.
for path in "${paths[@]}"; do
  curl -fs -o /dev/null -w "first request $path: %{time_total}s\n" "http://127.0.0.1:$port$path"
done
echo "wrk: $conns connections, $threads threads, $duration per endpoint, $(nproc) CPUs"
printf '%-40s %10s %10s %10s\n' endpoint req/s p50 p99
for path in "${paths[@]}"; do
  out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port$path")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  printf '%-40s %10s %10s %10s\n' "$path" "$rps" "$p50" "$p99"
  [ -z "$errors" ] || echo "  $errors"
done
# Event pages at random offsets: mostly answers not cached yet.
cat >"$tmp/random.lua" <<'LUA'
request = function()
  return wrk.format(nil, "/api/events?offset=" .. math.random(0, 5000))
end
LUA
out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$tmp/random.lua" "http://127.0.0.1:$port")
printf '%-40s %10s %10s %10s\n' "/api/events?offset=RANDOM (uncached)" \
  "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
  "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
