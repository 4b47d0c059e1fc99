#!/usr/bin/env python3
"""Compares Lectern's formula heights and depths with KaTeX's (both in em).

Usage: compare.py ours.tsv katex.tsv   (ours: TEXMATH_METRICS_OUT=... swift test --filter ReferenceDump)
A formula is within tolerance when height and depth each differ by at most 10% of KaTeX's total
height + depth (a relative test on a depth of 0.000 vs 0.011 em would be meaningless)."""
import sys

def load(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    head = rows[0]
    return {r[0]: dict(zip(head, r)) for r in rows[1:]}

ours, ref = load(sys.argv[1]), load(sys.argv[2])
results = []
for fid, k in ref.items():
    o = ours.get(fid)
    if not o or "ERROR" in (o["height"], k["height"]):
        continue
    kh, kd, oh, od = float(k["height"]), float(k["depth"]), float(o["height"]), float(o["depth"])
    total = kh + kd
    err = max(abs(oh - kh), abs(od - kd)) / total
    results.append((err, fid, oh, kh, od, kd))
results.sort(reverse=True)
inside = sum(1 for r in results if r[0] <= 0.10)
print(f"{inside} of {len(results)} formulas within 10% (height and depth vs KaTeX's total)")
print("worst:")
for err, fid, oh, kh, od, kd in results[:12]:
    print(f"  {fid}: {err*100:5.1f}%  height {oh:.3f} vs {kh:.3f} em, depth {od:.3f} vs {kd:.3f} em")
