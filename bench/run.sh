#!/usr/bin/env bash
# The one benchmark command: builds the release, grows the demo to 10,000
# proposals and 100,000 comments, loads the pages on SQLite and on
# PostgreSQL with wrk, measures the server's memory at rest and under 1,000
# connections and the download sizes, and writes docs/PERFORMANCE.md.
#
#   bench/run.sh              everything (PostgreSQL part when one answers on
#                             127.0.0.1:5432, or at BENCH_POSTGRES_URL)
#   bench/run.sh --no-build   reuse target/release and target/site as they are
# Environment: DURATION (wrk seconds per page, default 10), CONNECTIONS
# (default 64), PROPOSALS (10000), COMMENTS (100000).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
proposals=${PROPOSALS:-10000}
comments=${COMMENTS:-100000}
out=docs/PERFORMANCE.md

[ "${1:-}" = "--no-build" ] || ./scripts/build.sh --release >&2
command -v wrk >/dev/null || { s=""; [ "$(id -u)" -eq 0 ] || s=sudo; $s apt-get install -y -q wrk >&2; }
cargo build -q --release -p db --example scale --example board_cost >&2

work=$(mktemp -d)
server=""
stop_server() { [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; server=""; }
trap 'stop_server; rm -rf "$work"' EXIT

# start_server DATABASE_URL: starts the release binary and waits until ready.
start_server() {
  port=3400
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  DATABASE_URL="$1" KLEROTERION_SECRET_KEY_FILE="$work/key" KLEROTERION_VAPID_KEY_FILE="$work/vapid.key" LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn target/release/kleroterion >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.5; done
  echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

# pages LABEL MODE: one table row per page, from three wrk runs: the median
# and the worst of them (these machines are noisy; one run proves little).
# MODE rendered: each request carries a session cookie, so the page cache
# is bypassed and every page is rendered (what a signed-in visitor costs);
# MODE kept: anonymous visitors, 256 at once, served from the page cache.
pages() {
  local id paths cookie=() clients=$connections
  id=$(curl -sf "http://127.0.0.1:$port/api/export/proposals.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
  if [ "$2" = rendered ]; then
    paths=(/ /proposals "/proposals?theme=environnement&sort=supports" "/proposals?q=v%C3%A9lo" "/proposals/8" "/proposals/$id" /ledger /suivi "/suivi?statut=late" /assemblee)
    cookie=(-H 'Cookie: kl_session=bench-no-such-session')
  else
    paths=(/ /proposals "/proposals/8" "/proposals/$id" /suivi /assemblee)
    clients=256
  fi
  for path in "${paths[@]}"; do
    local runs=()
    for _ in 1 2 3; do
      local r rps p50 p99 errors
      r=$(wrk -t2 -c"$clients" -d"${duration}s" --latency -H 'Accept-Encoding: br' "${cookie[@]}" "http://127.0.0.1:$port$path")
      rps=$(echo "$r" | awk '/Requests\/sec/ {printf "%.0f", $2}')
      p50=$(echo "$r" | awk '$1 == "50%" {print $2}')
      p99=$(echo "$r" | awk '$1 == "99%" {print $2}')
      errors=$(echo "$r" | awk '/Non-2xx|Socket errors|timeout/ {sub(/^ +/, ""); printf "%s; ", $0}')
      runs+=("$rps $p50 $p99 ${errors:-none}")
    done
    printf '%s\n' "${runs[@]}" | python3 -c '
import sys
def ms(t):
    for unit, f in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if t.endswith(unit) and t[:-len(unit)].replace(".", "").isdigit():
            return float(t[:-len(unit)]) * f
    return float("nan")
runs = [l.split(" ", 3) for l in sys.stdin.read().splitlines()]
rps = sorted(int(r[0]) for r in runs)
p50 = sorted(ms(r[1]) for r in runs)
p99 = sorted(ms(r[2]) for r in runs)
errors = "; ".join(sorted({r[3] for r in runs if r[3] != "none"})) or "none"
print(f"| {sys.argv[1]} | `{sys.argv[2]}` | {rps[1]} | {rps[0]} | {p50[1]:.1f} ms | {p99[1]:.1f} ms | {p99[2]:.1f} ms | {errors} |")
' "$1" "$path"
  done
}

# under_load LABEL RSS_AT_REST: 1,000 connections on the home page, RSS
# sampled near the end.
under_load() {
  wrk -t2 -c1000 -d"${duration}s" --latency "http://127.0.0.1:$port/" >"$work/c1000.txt" 2>&1 &
  local load=$! peak
  sleep $((duration - 1))
  peak=$(rss_kb)
  wait $load
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/c1000.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/c1000.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$work/c1000.txt")
  echo "| $1 | $(($2 / 1024)) MB | $((peak / 1024)) MB | $rps | $p99 | ${errors:-none} |"
}

rows=()
kept=()
memory=()
# SQLite
sqlite_url="sqlite://$work/bench.db?mode=rwc"
echo "SQLite: loading and scaling the demo…" >&2
target/release/examples/scale "$sqlite_url" "$proposals" "$comments" >&2
board_sqlite=$(target/release/examples/board_cost "$sqlite_url")
start_server "$sqlite_url"
rest=$(rss_kb)
echo "SQLite: pages…" >&2
mapfile -t -O "${#rows[@]}" rows < <(pages SQLite rendered)
mapfile -t -O "${#kept[@]}" kept < <(pages SQLite kept)
mapfile -t -O "${#memory[@]}" memory < <(under_load SQLite "$rest")
stop_server

# PostgreSQL
pg_admin=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && command -v psql >/dev/null; then
  db_name="kleroterion_bench_$$"
  psql -q "$pg_admin" -c "CREATE DATABASE $db_name" >&2
  pg_url="${pg_admin%/*}/$db_name"
  echo "PostgreSQL: loading and scaling the demo…" >&2
  target/release/examples/scale "$pg_url" "$proposals" "$comments" >&2
  board_postgres=$(target/release/examples/board_cost "$pg_url")
  start_server "$pg_url"
  rest=$(rss_kb)
  echo "PostgreSQL: pages…" >&2
  mapfile -t -O "${#rows[@]}" rows < <(pages PostgreSQL rendered)
  mapfile -t -O "${#kept[@]}" kept < <(pages PostgreSQL kept)
  mapfile -t -O "${#memory[@]}" memory < <(under_load PostgreSQL "$rest")
  stop_server
  psql -q "$pg_admin" -c "DROP DATABASE $db_name WITH (FORCE)" >&2
else
  rows+=("| PostgreSQL | (no server on 127.0.0.1:5432: skipped) | | | | | | |")
  kept+=("| PostgreSQL | (no server on 127.0.0.1:5432: skipped) | | | | | | |")
fi

bundle=$(bench/bundle-size.sh --no-build)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "# Performance"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand."
  echo
  echo "**Machine**: $(nproc) vCPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)."
  echo "Server (release build) and load generator share the machine, on loopback: the figures are a floor."
  echo
  echo "## Pages under load"
  echo
  echo "Demo data grown to $proposals proposals and $comments comments (\`cargo run --release -p db --example scale\`)."
  echo "\`wrk -t2 -d${duration}s --latency\`, brotli accepted, three runs per page: the median and the worst."
  echo
  echo "### A crowd of anonymous visitors (the page cache)"
  echo
  echo "256 connections without a session: public pages are served from the server's page cache"
  echo "(\`server/src/page_cache.rs\`), rendered again only after a write they show or every 2 s."
  echo
  echo "| database | page | requests/s (median) | requests/s (worst) | p50 (median) | p99 (median) | p99 (worst) | errors |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${kept[@]}"
  echo
  echo "Targets of issue 23 (256 connections): \`/\` and \`/proposals\` at 5,000 requests/s or more with p99 at most 50 ms,"
  echo "a proposal page at 3,000 or more. Before the cache (2026-12-07, 64 connections, every request rendered):"
  echo "\`/\` 701 requests/s on SQLite and 190 on PostgreSQL, \`/proposals\` 168 and 247, \`/proposals/8\` 273 and 172."
  echo
  echo "### Rendering every request"
  echo
  echo "$connections connections, each request with a session cookie: the page cache is bypassed, every page is rendered"
  echo "(what signed-in visitors cost; their pages are never kept)."
  echo
  echo "| database | page | requests/s (median) | requests/s (worst) | p50 (median) | p99 (median) | p99 (worst) | errors |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "The accountability board (\`/suivi\`) is computed from every adopted proposal's timeline, then kept"
  echo "until the database moves its version or a due instant passes (\`db::board::Cache\`): a request costs"
  echo "one read of the version, then filters and pages the kept items. What computing them costs, without the cache"
  echo "(\`cargo run --release -p db --example board_cost\`): SQLite ${board_sqlite}; PostgreSQL ${board_postgres:-not measured}."
  echo
  echo "## Memory and 1,000 concurrent connections"
  echo
  echo "Resident memory (RSS) of the server at rest after start-up, and at the end of ${duration} s of \`wrk -t2 -c1000\` on \`/\`"
  echo "(anonymous: the page cache). Target of issue 23 on PostgreSQL: no time-outs, no errors, p99 at most 500 ms."
  echo
  echo "| database | RSS at rest | RSS under 1,000 connections | requests/s | p99 | errors |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${memory[@]}"
  echo
  echo "## Downloads"
  echo
  echo "$bundle"
  echo
  echo "## Elsewhere"
  echo
  echo "- The lottery's speed and fairness figures: [LOTTERY.md](LOTTERY.md) (\`bench/lottery/run.sh\`)."
  echo "- Live co-writing: fan-out latency and sockets per instance in [PERFORMANCE-COWRITING.md](PERFORMANCE-COWRITING.md) (\`bench/cowrite.sh\`)."
  echo "- Reliability (SIGKILL during voting, 1,000 readers with 100 writers, two instances on one PostgreSQL) and hostile input are tests, run by \`./scripts/test.sh\`: \`server/tests/reliability.rs\`, \`server/tests/hostile.rs\`."
  echo "- Fuzzing: \`scripts/fuzz.sh TARGET SECONDS\` (targets \`markdown csv_import ledger_json query_strings\`); the test command runs each for 15 s, a longer run is \`scripts/fuzz.sh markdown 3600\`."
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "bench/run.sh                 # this file"
  echo "DURATION=30 bench/run.sh     # longer runs"
  echo "bench/bundle-size.sh         # download sizes only"
  echo '```'
} >"$out"
echo "wrote $out" >&2
