"""Compare a peer's results (bench/peers/analyze.{R,py} CSV) with pssa's
analyze JSON: the share of paired and between-group p-values, and of group
means, that agree to a relative tolerance. Prints "agree/total" and the
largest relative difference. Standard library only.

Usage: compare.py pssa.json peer.csv [tolerance]
"""
import csv
import json
import math
import sys

pssa = json.load(open(sys.argv[1]))
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
ref = {}
for r in pssa["paired"]:
    ref[("paired", r["group"], r["instrument"], r["scale"], r["from"], r["to"])] = r["p"]
for r in pssa["between"]:
    ref[("between", "", r["instrument"], r["scale"], r["time"], f'{r["group1"]} vs {r["group2"]}')] = r["p"]
for r in pssa["descriptives"]:
    ref[("descriptive", r["group"], r["instrument"], r["scale"], r["time"], "")] = r["mean"]

agree = total = 0
worst = 0.0
missing = 0
for row in csv.DictReader(open(sys.argv[2])):
    key = (row["section"], row["group"], row["instrument"], row["scale"], row["a"], row["b"])
    if row["section"] == "omnibus" or key not in ref:
        missing += row["section"] != "omnibus"
        continue
    want = ref[key]
    got = float(row["statistic"] if row["section"] == "descriptive" else row["p"])
    if want is None or math.isnan(got):
        continue
    total += 1
    rel = abs(got - want) / max(abs(want), 1e-300)
    worst = max(worst, rel)
    agree += rel <= tol
print(f"{agree}/{total} (max rel. diff {worst:.1e}{', %d unmatched' % missing if missing else ''})")
