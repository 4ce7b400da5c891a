#!/usr/bin/env bash
# Fuzzes one target for a while: scripts/fuzz.sh TARGET SECONDS
# (targets: markdown csv_import ledger_json query_strings draft_frames). New inputs go to
# fuzz/corpus/TARGET (not committed); a crash leaves its input in
# fuzz/artifacts/TARGET and fails the run.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=$1
seconds=${2:-60}
mkdir -p "corpus/$target"
limits=(-rss_limit_mb=2048)
build=()
if [ "$target" = draft_frames ]; then
  # yrs debug-asserts that client ids fit in 53 bits (release builds mask
  # them); `cowrite::frame::decode` turns that panic into a refusal, but
  # the fuzzer aborts on any panic: fuzz the release behaviour.
  build=(-O)
  # yrs reserves room for the number of blocks an update declares (with
  # try_reserve: a refusal is an error, not a crash), so a 64 KB frame can
  # ask for gigabytes of address space that are never touched and are
  # freed at once. Resident memory stays bounded by -rss_limit_mb; only
  # the single-allocation check is relaxed for this target.
  limits+=(-malloc_limit_mb=1048576)
  # What yrs relies on: a reservation too large fails (try_reserve), it
  # does not abort.
  export ASAN_OPTIONS=allocator_may_return_null=1
fi
cargo +nightly fuzz run "${build[@]}" "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" "${limits[@]}" -max_len=65536 -print_final_stats=1
