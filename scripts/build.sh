#!/usr/bin/env bash
# The one build of the site: `cargo leptos build --split` (server binary,
# hydrate wasm with the pages of app/src/split.rs as separate chunks, CSS,
# public/) and then the in-browser draw verifier, which
# cargo-leptos does not know about (it empties target/site on every build,
# so the verifier must come second), and the live draft editor (also a
# separate wasm, loaded by the draft page only).
#   ./scripts/build.sh            debug
#   ./scripts/build.sh --release  optimised (wasm-opt) and precompressed
#                                 (brotli, gzip), for deployment
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo leptos build --split "$@"
./scripts/build-verifier.sh
./scripts/build-editor.sh "$@"
# Release only: brotli at its best takes seconds on the debug wasm.
if [ "${1:-}" = "--release" ]; then
  node scripts/precompress.mjs target/site
fi
