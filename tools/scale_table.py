#!/usr/bin/python3
"""Markdown table of indicators across sampling scales: mean (sd) over the seeds of each run folder.

usage: /usr/bin/python3 tools/scale_table.py LABEL=DIR [LABEL=DIR ...] [--years 1990,2000,2013]
                                              [--indicators a,b,c]

Each DIR holds one sub-folder per seed with an indicators.csv (the layout `tools/calibrate_check.py
--out DIR` writes: DIR/seed1, DIR/seed2, ...). LABEL heads the column, e.g. 1:100=runs/scale100.
The value of a year is the indicator's last row of that year. Uses only the standard library.
"""
import argparse
import csv
import glob
import math
import os
import sys

DEFAULT_INDICATORS = [
    "urbanization_rate", "employment_share_primary", "employment_share_secondary", "resident_population",
    "gdp_per_capita_nominal", "rural_net_income_per_capita", "urban_disposable_income_per_capita",
    "residents_from_other_provinces", "firms", "block_economies_over_1bn_sales", "commodity_markets",
]


def year_values(path):
    """{year: {indicator: value}} from one indicators.csv (the last row of each year)."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[int(float(row["year"]))] = row
    return out


def fmt(mean, sd):
    if math.isnan(mean):
        return "-"
    if abs(mean) < 100:
        return f"{mean:,.1f} ({sd:,.1f})"
    return f"{mean:,.0f} ({sd:,.0f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("columns", nargs="+", help="LABEL=DIR")
    ap.add_argument("--years", default="1990,2000,2013")
    ap.add_argument("--indicators", default=",".join(DEFAULT_INDICATORS))
    a = ap.parse_args()
    years = [int(y) for y in a.years.split(",") if y]
    indicators = [k for k in a.indicators.split(",") if k]
    cols = []
    for c in a.columns:
        if "=" not in c:
            print(f"scale_table.py: error: expected LABEL=DIR, found '{c}'", file=sys.stderr)
            return 2
        label, d = c.split("=", 1)
        files = sorted(glob.glob(os.path.join(d, "*", "indicators.csv")))
        if not files:
            print(f"scale_table.py: error: no */indicators.csv under '{d}'", file=sys.stderr)
            return 2
        cols.append((label, [year_values(f) for f in files]))
    print("| indicator | year | " + " | ".join(f"{label} ({len(runs)})" for label, runs in cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for k in indicators:
        for y in years:
            cells = []
            for _, runs in cols:
                vals = [float(r[y][k]) for r in runs if y in r and k in r[y]]
                if not vals:
                    cells.append("-")
                    continue
                m = sum(vals) / len(vals)
                sd = math.sqrt(sum((v - m) ** 2 for v in vals) / (len(vals) - 1)) if len(vals) > 1 else 0.0
                cells.append(fmt(m, sd))
            print(f"| {k} | {y} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
