#!/usr/bin/env bash
# The live co-writing benchmark: a release server on a demo database (SQLite,
# and PostgreSQL when one answers), simulated editors writing one draft at
# once (10, then 100), the fan-out latency of their edits, and the idle
# sockets one instance holds. Writes docs/PERFORMANCE-COWRITING.md.
#   bench/cowrite.sh              build, then measure
#   bench/cowrite.sh --no-build   reuse target/release as it is
# Environment: EDITS (per editor, 20), RATE (edits/s per editor, 5),
# SOCKETS (idle sockets to try, 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/PERFORMANCE-COWRITING.md
secret="the co-writing benchmark's secret key, long enough"
if [ "${1:-}" != "--no-build" ]; then
  cargo build -q --release -p server --bin kleroterion --example cowrite_bench >&2
fi
# Every socket is a file descriptor, on both ends.
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
server=""
stop_server() { [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; server=""; }
trap 'stop_server; rm -rf "$work"' EXIT

# measure LABEL DATABASE_URL: one table per database.
measure() {
  local port=3500
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  DATABASE_URL="$2" KLEROTERION_DEMO=1 KLEROTERION_SECRET_KEY="$secret" KLEROTERION_VAPID_KEY_FILE="$work/vapid.key" LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=error target/release/kleroterion >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 480); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
  echo "### $1"
  echo
  target/release/examples/cowrite_bench "127.0.0.1:$port" "$2" "$secret" 10 100 >"$work/result.txt"
  grep '^|' "$work/result.txt"
  local sockets elapsed
  read -r _ sockets elapsed < <(grep '^SOCKETS' "$work/result.txt")
  local rss
  rss=$(awk '/^VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$server/status")
  echo
  echo "Idle sockets held by one instance: **$sockets** (opened in $elapsed; server RSS then $rss)."
  echo
  stop_server
}

{
  echo "# Performance: live co-writing"
  echo
  echo "Written by \`bench/cowrite.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand."
  echo
  echo "**Machine**: $(nproc) vCPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM; release server and simulated editors on the same machine, on loopback."
  echo
  echo "Each editor is a websocket client (\`server/examples/cowrite_bench.rs\`) that is a co-author of one draft and"
  echo "sends ${EDITS:-20} edits at ${RATE:-5} per second; the latency of a delivery runs from an edit sent to one other"
  echo "editor receiving it, through the server, which applies the edit, stores it, then relays it. Goal: p99 ≤ 50 ms at 100 editors."
  echo
  measure SQLite "sqlite://$work/bench.db?mode=rwc"
  pg_admin=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && command -v psql >/dev/null; then
    db_name="kleroterion_cowrite_$$"
    psql -q "$pg_admin" -c "CREATE DATABASE $db_name" >&2
    measure PostgreSQL "${pg_admin%/*}/$db_name"
    psql -q "$pg_admin" -c "DROP DATABASE $db_name WITH (FORCE)" >&2
  fi
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
