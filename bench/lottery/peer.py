#!/usr/bin/env python3
"""Runs the Python package `sortition-algorithms` (maximin, HiGHS) on a pool
written by generate.py and prints JSON: seconds, min probability, committees.

Usage: peer.py POOLDIR K [maximin|leximin|legacy]
(leximin needs Gurobi; without it the package silently runs maximin, so we
only benchmark maximin.)
"""
import csv
import json
import sys
import time

from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings


def read(path):
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames), list(r)


def main():
    pooldir, k = sys.argv[1], int(sys.argv[2])
    fh, fb = read(f"{pooldir}/categories.csv")
    features, _, _ = read_in_features(fh, fb, k)
    ph, pb = read(f"{pooldir}/respondents.csv")
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(ph, pb, features, settings)
    start = time.process_time()
    wall = time.perf_counter()
    committees, probs, _ = find_distribution_maximin(features, people, k, [])
    cpu = time.process_time() - start
    wall = time.perf_counter() - wall
    marg = {pid: 0.0 for pid in people}
    for c, p in zip(committees, probs):
        for pid in c:
            marg[pid] += p
    print(json.dumps({
        "cpu_s": cpu,
        "wall_s": wall,
        "min_probability": min(marg.values()),
        "committees": len(committees),
        "sum": sum(marg.values()),
    }))


if __name__ == "__main__":
    main()
