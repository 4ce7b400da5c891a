# Sourced by the project's scripts: puts the npm-installed tools (wasm-opt,
# playwright) on PATH.
KLEROTERION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$KLEROTERION_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
