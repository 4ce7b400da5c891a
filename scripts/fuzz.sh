#!/usr/bin/env bash
# Fuzzes one target for a while: scripts/fuzz.sh TARGET SECONDS
# (targets: markdown csv_import ledger_json query_strings). New inputs go to
# fuzz/corpus/TARGET (not committed); a crash leaves its input in
# fuzz/artifacts/TARGET and fails the run.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=$1
seconds=${2:-60}
mkdir -p "corpus/$target"
cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
