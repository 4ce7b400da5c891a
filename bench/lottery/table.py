#!/usr/bin/env python3
"""Builds the benchmark table (markdown) from bench/lottery/results/*.json.
Usage: table.py RESULTS_DIR N:K [N:K ...]"""
import json
import os
import sys


def load(path):
    """The last line of the file that is a JSON object (the peer logs to stdout)."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    try:
        return json.loads("\n".join(lines))
    except ValueError:
        pass
    for line in reversed(lines):
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict):
            return v
    return None


def pct(p):
    return f"{100 * p:.3f} %"


def main():
    out = sys.argv[1]
    print("| pool n → k | ours LEXIMIN, native | ours MAXIMIN, native | ours LEXIMIN, wasm32 (Node) "
          "| sortition-algorithms MAXIMIN (HiGHS) | speed-up vs peer (MAXIMIN / LEXIMIN) |")
    print("|---|---|---|---|---|---|")
    for spec in sys.argv[2:]:
        n, k = spec.split(":")
        lex = load(os.path.join(out, f"ours_leximin_{n}_{k}.json"))
        mx = load(os.path.join(out, f"ours_maximin_{n}_{k}.json"))
        wasm = load(os.path.join(out, f"wasm_{n}_{k}.json"))
        peer = load(os.path.join(out, f"peer_{n}_{k}.json"))
        cell = lambda r: f"{r['timing']['compute_s']:.2f} s, min {pct(r['min_probability'])}" if r else "–"
        wcell = f"{wasm['seconds']:.2f} s, min {pct(wasm['min_probability'])}" if wasm and "seconds" in wasm else "–"
        if peer and "wall_s" in peer:
            pcell = f"{peer['wall_s']:.1f} s wall ({peer['cpu_s']:.1f} CPU-s), min {pct(peer['min_probability'])}"
            speed = f"{peer['wall_s'] / mx['timing']['compute_s']:.0f}× / {peer['wall_s'] / lex['timing']['compute_s']:.1f}×" if mx and lex else "–"
        elif peer and "timeout_s" in peer:
            pcell = f"> {peer['timeout_s'] / 60:.0f} min (timed out)"
            speed = f"> {peer['timeout_s'] / mx['timing']['compute_s']:.0f}× / > {peer['timeout_s'] / lex['timing']['compute_s']:.0f}×" if mx and lex else "–"
        else:
            pcell, speed = "–", "–"
        label = f"Paris 1000 → {k} (501 profiles)" if n == "paris" else f"{n} → {k}"
        print(f"| {label} | {cell(lex)} | {cell(mx)} | {wcell} | {pcell} | {speed} |")


if __name__ == "__main__":
    main()
