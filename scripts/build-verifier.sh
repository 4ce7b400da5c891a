#!/usr/bin/env bash
# Builds the in-browser draw verifier into target/site/verifier/, next to
# the application's bundle. It is optimised for speed (the solver runs in
# the visitor's browser) and loaded only by the verification page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# SIMD128 (every current browser has it) makes the solver ~1.5x faster with
# bit-identical results (lottery/tests/wasm_determinism.sh checks the engine).
RUSTFLAGS="--cfg erase_components -C target-feature=+simd128" \
  cargo build -p verifier --lib --release --target wasm32-unknown-unknown --target-dir target/front
out=target/site/verifier
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" target/front/wasm32-unknown-unknown/release/verifier.wasm
wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  "$out/verifier_bg.wasm" -o "$out/verifier_bg.wasm"
echo "verifier: $(du -h "$out/verifier_bg.wasm" | cut -f1) in $out"
