#!/usr/bin/env bash
# Sizes of what a browser downloads (raw, gzip -9, brotli q11), from a
# release build, against the budget of 300 KB brotli for the page bundle.
#   bench/bundle-size.sh             builds the release site first
#   bench/bundle-size.sh --no-build  measures target/site as it is
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-build" ] || ./scripts/build.sh --release >&2
python3 -c 'import brotli' 2>/dev/null || pip install -q brotli >&2
python3 - <<'PY'
import brotli, gzip, pathlib
budget = 300 * 1024
files = [
    ("page bundle: wasm", "target/site/pkg/kleroterion_bg.wasm", "target/site/pkg/kleroterion.wasm"),
    ("page bundle: js", "target/site/pkg/kleroterion.js"),
    ("page bundle: css", "target/site/pkg/kleroterion.css"),
    ("verifier (on demand): wasm", "target/site/verifier/verifier_bg.wasm"),
    ("verifier (on demand): js", "target/site/verifier/verifier.js"),
]
print("| file | raw | gzip | brotli |")
print("|---|---|---|---|")
bundle = 0
for label, *candidates in files:
    path = next((pathlib.Path(c) for c in candidates if pathlib.Path(c).exists()), None)
    if path is None:
        print(f"| {label} | missing | | |")
        continue
    data = path.read_bytes()
    br = len(brotli.compress(data, quality=11))
    if label.startswith("page bundle"):
        bundle += br
    print(f"| {label} | {len(data)/1024:.0f} KB | {len(gzip.compress(data, 9))/1024:.0f} KB | {br/1024:.0f} KB |")
verdict = "within" if bundle <= budget else "OVER"
print(f"\nPage bundle: {bundle/1024:.0f} KB brotli, {verdict} the 300 KB budget.")
PY
