#!/usr/bin/env bash
# Page throughput and latency under load, on loopback, with wrk (Debian):
# the home page, the proposals list and a proposal page, server-rendered
# from the demo data on SQLite, by the release build.
#   bench/pages.sh             builds the release site first
#   bench/pages.sh --no-build  uses target/release/kleroterion as it is
# Environment: DURATION (default 15s), CONNECTIONS (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-build" ] || ./scripts/build.sh --release >&2
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo; $sudo_cmd apt-get install -y -q wrk >&2; }
duration=${DURATION:-15s}
connections=${CONNECTIONS:-64}
dir=$(mktemp -d)
port=3300
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" KLEROTERION_DEMO=1 KLEROTERION_SECRET_KEY_FILE="$dir/key" \
  LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  target/release/kleroterion >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
echo "| page | requests/s | p50 | p90 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for path in / /proposals "/proposals?theme=environnement&sort=supports" /proposals/8 /draws/1; do
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency -H 'Accept-Encoding: br' "http://127.0.0.1:$port$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p90=$(echo "$out" | awk '$1 == "90%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}')
  echo "| \`$path\` | $rps | $p50 | $p90 | $p99 | ${errors:-none} |"
done
echo
echo "wrk -t2 -c$connections -d$duration, loopback, $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), server and load generator on the same machine."
