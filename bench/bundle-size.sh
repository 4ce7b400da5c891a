#!/usr/bin/env bash
# Sizes of what a browser downloads (raw, gzip -9, brotli q11), from a
# release build, against the budget of 300 KB brotli for the page bundle
# (what home and the proposal pages load), and what each split page adds.
#   bench/bundle-size.sh             builds the release site first
#   bench/bundle-size.sh --no-build  measures target/site as it is
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-build" ] || ./scripts/build.sh --release >&2
python3 -c 'import brotli' 2>/dev/null || pip install -q brotli >&2
python3 - <<'PY'
import brotli, gzip, json, pathlib
budget = 300 * 1024
pkg = pathlib.Path("target/site/pkg")
sizes = {}
def measure(path):
    if path not in sizes:
        data = path.read_bytes()
        sizes[path] = (len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11)))
    return sizes[path]
def row(label, raw, gz, br):
    print(f"| {label} | {raw/1024:.0f} KB | {gz/1024:.0f} KB | {br/1024:.0f} KB |")
# What every page loads: the main wasm, its JS, the CSS and the loader of
# the split pages' chunks.
files = [
    ("page bundle: wasm", pkg / "kleroterion.wasm"),
    ("page bundle: js", pkg / "kleroterion.js"),
    ("page bundle: css", pkg / "kleroterion.css"),
    ("page bundle: split loader", pkg / "__wasm_split.______________________.js"),
    ("verifier (on demand): wasm", pathlib.Path("target/site/verifier/verifier_bg.wasm")),
    ("verifier (on demand): js", pathlib.Path("target/site/verifier/verifier.js")),
    ("draft editor (on demand): wasm", pathlib.Path("target/site/editor/editor_bg.wasm")),
]
print("| file | raw | gzip | brotli |")
print("|---|---|---|---|")
bundle = 0
for label, path in files:
    if not path.exists():
        print(f"| {label} | missing | | |")
        continue
    raw, gz, br = measure(path)
    if label.startswith("page bundle"):
        bundle += br
    row(label, raw, gz, br)
# The split pages (app/src/split.rs): each loads, on top of the bundle, its
# own module and the chunks it shares with others (the build's manifest).
manifest_path = pkg / "__wasm_split_manifest.json"
if manifest_path.exists():
    print("\n| split page | files | raw | gzip | brotli |")
    print("|---|---|---|---|---|")
    for key, chunks in sorted(json.loads(manifest_path.read_text()).items()):
        paths = [pkg / f"split_{key}.wasm"] + [pkg / f"{c}.wasm" for c in chunks]
        paths = [p for p in paths if p.exists()]
        total = [sum(measure(p)[i] for p in paths) for i in range(3)]
        name = key.strip("_").rsplit("_view_", 1)[0].replace("_", " ")
        print(f"| {name} | {len(paths)} | {total[0]/1024:.0f} KB | {total[1]/1024:.0f} KB | {total[2]/1024:.0f} KB |")
verdict = "within" if bundle <= budget else "OVER"
print(f"\nPage bundle (what the residents' pages load): {bundle/1024:.0f} KB brotli, {verdict} the 300 KB budget.")
PY
