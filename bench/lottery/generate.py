#!/usr/bin/env python3
"""Deterministic synthetic pools for the lottery benchmark.

Four features (gender 3 values, age 5, diploma 4, district 6). The pool is
skewed away from the population (older, more educated, central districts over-
represented), as volunteer pools are; quotas are the population share x k
rounded down/up and widened by one seat. Writes, for each size,
  pool_N_K/categories.csv   (category,name,min,max — Sortition Foundation layout)
  pool_N_K/respondents.csv  (id + one column per category)

Usage: generate.py OUTDIR N:K [N:K ...]   e.g. generate.py data 500:50 1000:100
"""
import csv
import math
import os
import random
import sys

# category -> [(value, population weight, pool weight)]
SPEC = [
    ("gender", [("female", 50, 55), ("male", 48, 43), ("other", 2, 2)]),
    ("age", [("16-29", 22, 12), ("30-44", 25, 22), ("45-59", 24, 26), ("60-74", 19, 28), ("75+", 10, 12)]),
    ("diploma", [("none", 20, 8), ("secondary", 30, 22), ("bachelor", 25, 30), ("master", 25, 40)]),
    ("district", [("d1", 10, 20), ("d2", 15, 18), ("d3", 15, 14), ("d4", 20, 17), ("d5", 20, 16), ("d6", 20, 15)]),
]
TOLERANCE = 1


def generate(outdir: str, n: int, k: int, seed: int = 2026) -> str:
    rng = random.Random(seed * 1_000_003 + n)
    d = os.path.join(outdir, f"pool_{n}_{k}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "categories.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["category", "name", "min", "max"])
        for cat, values in SPEC:
            total = sum(v[1] for v in values)
            for name, share, _ in values:
                lo = share * k // total
                hi = math.ceil(share * k / total)
                w.writerow([cat, name, max(0, lo - TOLERANCE), hi + TOLERANCE])
    with open(os.path.join(d, "respondents.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id"] + [c for c, _ in SPEC])
        for i in range(n):
            row = [f"r{i:05d}"]
            for _, values in SPEC:
                # integer inverse-CDF draw: no float weights, stable across Python versions
                total = sum(v[2] for v in values)
                x = rng.randrange(total)
                for name, _, weight in values:
                    if x < weight:
                        row.append(name)
                        break
                    x -= weight
            w.writerow(row)
    return d


if __name__ == "__main__":
    out = sys.argv[1]
    for spec in sys.argv[2:]:
        n, k = (int(x) for x in spec.split(":"))
        print(generate(out, n, k))
