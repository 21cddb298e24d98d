#!/usr/bin/env bash
# Load test of the dev server while an editor saves: `handboek serve -watch` on loopback, wrk with
# 32 connections for 10 s on a page, while that page's file is rewritten five times a second
# (50 saves). It checks that every response is a whole page (ends in </html>) with status 200,
# that no request is lost (no socket errors or timeouts), and that the last save is served at
# the end. Prints the figures; exits 1 when a check fails.
#
#   bash bench/load.sh            # the example handbook in content/
#
# Needs wrk (Debian: apt-get install wrk). Traffic goes to 127.0.0.1 only; everything it starts
# stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }

CONNS=${CONNS:-32}
DURATION=${DURATION:-10}
PORT=${PORT:-18313}
PAGE=rollen/gemeentesecretaris
work=$(mktemp -d)
server_pid=""
editor_pid=""
cleanup() {
  [ -n "$editor_pid" ] && kill "$editor_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/handboek" .
mkdir -p "$work/site"
cp -r site.toml content "$work/site/"
[ -d static ] && cp -r static "$work/site/"
file="$work/site/content/$PAGE.md"
original=$(cat "$file")

"$work/handboek" serve -watch -source "$work/site" -port "$PORT" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url="http://127.0.0.1:$PORT/$PAGE/"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$url" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "$url" || { echo "the server did not come up:"; cat "$work/serve.err"; exit 1; }

# The editor: five saves a second, each adding a numbered line, for the length of the run.
saves=$((DURATION * 5))
(
  for i in $(seq "$saves"); do
    printf '%s\n\nBewerking %d van de belastingtest.\n' "$original" "$i" >"$file"
    sleep 0.2
  done
) &
editor_pid=$!

cat >"$work/check.lua" <<'LUA'
-- Counts statuses and whole pages per thread; done() adds them up.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok, bad, partial = 0, 0, 0 end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1
  elseif not string.find(body, "</html>%s*$") then partial = partial + 1
  else ok = ok + 1 end
end
function done(summary, latency, requests)
  local o, b, p = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("bad"); p = p + t:get("partial")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d whole200=%d non200=%d partial=%d connect=%d read=%d write=%d timeout=%d status=%d rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, o, b, p, e.connect, e.read, e.write, e.timeout, e.status,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency -s "$work/check.lua" "$url" | tee "$work/wrk.out"
wait "$editor_pid" || true
editor_pid=""

# The last save must be served: wait for it (the rebuild after the last save).
start=$(date +%s%N)
last=""
for _ in $(seq 100); do
  if curl -fsS "$url" | grep -q "Bewerking $saves van"; then last=yes; break; fi
  sleep 0.1
done
settle_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rebuilds=$(grep -c 'rebuilt in' "$work/serve.out" || true)
problems=$(grep -c 'problem' "$work/serve.err" || true)

result=$(grep '^RESULT' "$work/wrk.out")
echo "saves=$saves rebuilds=$rebuilds problem_reports=$problems last_save_served=${last:-no} after=${settle_ms}ms"
fail=0
for k in non200 partial connect read write timeout status; do
  v=$(echo "$result" | sed -n "s/.* $k=\([0-9]*\).*/\1/p")
  if [ "$v" != 0 ]; then echo "FAIL: $k=$v"; fail=1; fi
done
[ -n "$last" ] || { echo "FAIL: the last save (Bewerking $saves) was not served"; fail=1; }
[ "$fail" = 0 ] && echo "PASS: every response a whole page with status 200, none lost, the last save served"
exit "$fail"
