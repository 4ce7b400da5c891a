#!/usr/bin/env bash
# Proves that the lottery gives bit-identical results natively and in wasm32:
# builds the harness (lottery/wasm-harness) for both, runs the fixed cases of
# `lottery::selftest` natively (debug build) and in Node (release wasm), and
# compares the SHA-256 digests of the complete outputs.
# Usage: lottery/tests/wasm_determinism.sh   (CARGO_TARGET_DIR is honoured;
# default: target/lottery-harness at the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
harness="$here/../wasm-harness"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/../../target/lottery-harness}"
jobs="${CARGO_BUILD_JOBS:-1}"

if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed; the wasm determinism check needs Node >= 18" >&2
  exit 0
fi

cargo build -q -j "$jobs" --manifest-path "$harness/Cargo.toml" --release --lib --target wasm32-unknown-unknown
cargo build -q -j "$jobs" --manifest-path "$harness/Cargo.toml" --bin lottery-wasm-harness

wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/lottery_wasm_harness.wasm"
native_out="$("$CARGO_TARGET_DIR/debug/lottery-wasm-harness")"
wasm_out="$(node "$here/wasm/run.mjs" "$wasm")"

echo "native (debug, $(uname -m)):"; echo "$native_out"
echo "wasm32 (release, node $(node --version)):"; echo "$wasm_out"
if [ "$native_out" != "$wasm_out" ]; then
  echo "FAIL: native and wasm32 results differ" >&2
  exit 1
fi
if echo "$native_out" | grep -q -E ' (error|$)'; then
  echo "FAIL: a case did not produce a digest" >&2
  exit 1
fi
echo "PASS: $(echo "$native_out" | wc -l) cases bit-identical in native and wasm32"
