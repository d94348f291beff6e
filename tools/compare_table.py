#!/usr/bin/env python3
"""Markdown table of a `xiaoda compare --out X.csv` file: mean difference and 95 % interval per
indicator and year. Usage: tools/compare_table.py X.csv [indicator ...]"""
import csv
import sys


def main():
    path, wanted = sys.argv[1], sys.argv[2:]
    rows = list(csv.DictReader(open(path)))
    order = wanted or list(dict.fromkeys(r["indicator"] for r in rows))
    print("| indicator | year | reference | counterfactual | difference | 95 % interval |")
    print("|---|---|---|---|---|---|")
    for name in order:
        for r in rows:
            if r["indicator"] != name:
                continue
            f = lambda k: float(r[k])
            sig = "" if f("ci95_low") <= 0 <= f("ci95_high") else " *"
            print(f"| {name} | {r['year']} | {f('reference_mean'):.4g} | {f('other_mean'):.4g} | "
                  f"{f('diff_mean'):+.4g}{sig} | [{f('ci95_low'):.4g}, {f('ci95_high'):.4g}] |")


if __name__ == "__main__":
    main()
