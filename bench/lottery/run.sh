#!/usr/bin/env bash
# Lottery benchmark: our engine (native CLI in release, and the wasm32 build in
# Node/V8) against the Python package sortition-algorithms (maximin, HiGHS),
# side by side on the same synthetic pools, in one run.
#
#   bench/lottery/run.sh                  # all sizes
#   SIZES="500:50" bench/lottery/run.sh   # a subset
#   SIZES="paris:100" PEER=0 bench/lottery/run.sh   # the Paris instance, ours only
#
# `paris:100` is the committed Paris instance (data/paris_1000_100: 1,000
# synthetic volunteers, gender 2 × age 5 × diploma 7 × district 17, 501
# profiles, census quotas ±1 seat); the other sizes are generated.
#
# Environment: CARGO_TARGET_DIR (default: <repo>/target), PEER_PYTHON (a
# python with sortition-algorithms installed; default: a venv created in
# bench/lottery/.venv), PEER_TIMEOUT (seconds per peer run, default 1800),
# JOBS (cargo -j, default 1). Results: bench/lottery/results/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
SIZES="${SIZES:-500:50 1000:100 2000:100 paris:100}"
PEER="${PEER:-1}"
PEER_TIMEOUT="${PEER_TIMEOUT:-1800}"
JOBS="${JOBS:-1}"
PY="${PEER_PYTHON:-$here/.venv/bin/python}"
data="$here/data"
out="$here/results"
mkdir -p "$data" "$out"
seed=$(printf '5e%.0s' {1..32})

generated=$(for s in $SIZES; do case "$s" in paris:*) ;; *) echo "$s" ;; esac; done)
[ -z "$generated" ] || python3 "$here/generate.py" "$data" $generated >/dev/null
(cd "$root" && cargo build -q --release -j "$JOBS" -p lottery --features cli)
cargo build -q --release -j "$JOBS" --manifest-path "$root/lottery/wasm-harness/Cargo.toml" --lib --target wasm32-unknown-unknown
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/lottery_wasm_harness.wasm"
if [ "$PEER" = 1 ] && [ ! -x "$PY" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q 'sortition-algorithms==0.12.15'
  PY="$here/.venv/bin/python"
fi

for size in $SIZES; do
  n="${size%%:*}"; k="${size##*:}"; pool="$data/pool_${n}_${k}"
  [ "$n" = paris ] && pool="$data/paris_1000_100"
  for objective in leximin maximin; do
    echo "ours $objective $n -> $k" >&2
    "$CARGO_TARGET_DIR/release/lottery" select --categories "$pool/categories.csv" \
      --respondents "$pool/respondents.csv" --k "$k" --seed "$seed" --objective "$objective" \
      --out "$out/ours_${objective}_${n}_${k}.json"
  done
  echo "ours leximin in wasm32 (node) $n -> $k" >&2
  node "$here/wasm_bench.mjs" "$wasm" "$pool" "$k" >"$out/wasm_${n}_${k}.json"
  [ "$PEER" = 1 ] || continue
  echo "sortition-algorithms maximin $n -> $k (timeout ${PEER_TIMEOUT}s)" >&2
  if ! timeout "$PEER_TIMEOUT" "$PY" "$here/peer.py" "$pool" "$k" >"$out/peer_${n}_${k}.json"; then
    echo "{\"timeout_s\": $PEER_TIMEOUT}" >"$out/peer_${n}_${k}.json"
  fi
done
python3 "$here/table.py" "$out" $SIZES | tee "$out/table.md"
