#!/usr/bin/env bash
# Builds the live draft editor into target/site/editor/, next to the
# application's bundle. A separate wasm (the CRDT is ~100 KB): only the
# draft page loads it.
#   ./scripts/build-editor.sh            debug
#   ./scripts/build-editor.sh --release  optimised (wasm-opt)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
profile=debug
flags=()
if [ "${1:-}" = "--release" ]; then profile=release; flags=(--release); fi
RUSTFLAGS="--cfg erase_components" \
  cargo build -p editor --lib "${flags[@]}" --target wasm32-unknown-unknown --target-dir target/front
out=target/site/editor
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" "target/front/wasm32-unknown-unknown/$profile/editor.wasm"
if [ "$profile" = release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    "$out/editor_bg.wasm" -o "$out/editor_bg.wasm"
fi
echo "editor: $(du -h "$out/editor_bg.wasm" | cut -f1) in $out"
