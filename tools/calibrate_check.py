#!/usr/bin/python3
"""Runs the Zhejiang baseline with 5 seeds and prints the mean fit against the issue-3 bounds.

usage: /usr/bin/python3 tools/calibrate_check.py [SCENARIO] [--seeds N] [--threads T] [--set key=value ...]
"""
import argparse
import os
import subprocess
import sys

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# indicator, year, kind ('pts' absolute points, 'rel' relative), bound
BOUNDS = [
    ("urbanization_rate", 2013, "pts", 3), ("resident_population", 2013, "rel", 0.05),
    ("employment_share_primary", 2013, "pts", 3), ("employment_share_secondary", 2013, "pts", 3),
    ("employment_share_tertiary", 2013, "pts", 3), ("gdp_per_capita_nominal", 2013, "rel", 0.15),
    ("rural_net_income_per_capita", 2013, "rel", 0.15), ("urban_disposable_income_per_capita", 2013, "rel", 0.15),
    ("gdp_share_primary", 2013, "pts", 4), ("gdp_share_secondary", 2013, "pts", 4), ("gdp_share_tertiary", 2013, "pts", 4),
    ("residents_from_other_provinces", 2013, "rel", 0.25), ("block_economies_over_1bn_sales", 2008, "rel", 0.35),
    ("commodity_markets", 2013, "rel", 0.35),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="scenarios/zhejiang_1978_2013.yaml")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "zj", "xiaoda"))
    ap.add_argument("--out", default=os.path.join(ROOT, "runs", "calib"))
    ap.add_argument("--set", action="append", default=[])
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        a.binary = os.path.join(ROOT, "build", "release", "xiaoda")
    targets = pd.read_csv(os.path.join(ROOT, "scenarios", "data", "zhejiang_targets.csv"))
    targets = targets[targets.scope == "zhejiang"]
    runs = []
    for seed in range(1, a.seeds + 1):
        out = os.path.join(a.out, f"seed{seed}")
        cmd = [a.binary, "run", a.scenario, "--out", out, "--force", "--threads", str(a.threads), "--no-progress",
               "--set", f"run.seed={seed}"] + sum((["--set", s] for s in a.set), [])
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        runs.append(pd.read_csv(os.path.join(out, "indicators.csv")))
    allruns = pd.concat(runs)
    mean = allruns.groupby("year").mean(numeric_only=True)
    sd = allruns.groupby("year").std(numeric_only=True)
    ok_all = True
    print(f"{'indicator':42s} {'year':>5s} {'target':>10s} {'mean':>10s} {'sd':>8s} {'error':>9s} {'bound':>8s}  ok")
    for name, year, kind, bound in BOUNDS:
        t = targets[(targets.indicator == name) & (targets.year == year)].value.iloc[0]
        m, s = mean.loc[year, name], sd.loc[year, name]
        err = m - t if kind == "pts" else (m - t) / t
        ok = abs(err) <= bound
        ok_all &= ok
        e = f"{err:+.2f}" if kind == "pts" else f"{100 * err:+.1f}%"
        b = f"{bound}pt" if kind == "pts" else f"{100 * bound:.0f}%"
        print(f"{name:42s} {year:5d} {t:10.4g} {m:10.4g} {s:8.3g} {e:>9s} {b:>8s}  {'yes' if ok else 'NO'}")
    print("\nother targets (mean of seeds):")
    for _, row in targets.iterrows():
        if row.indicator in mean.columns and row.year in mean.index and not any(b[0] == row.indicator and b[1] == row.year for b in BOUNDS):
            m = mean.loc[row.year, row.indicator]
            print(f"{row.indicator:42s} {row.year:5d} {row.value:10.4g} {m:10.4g} {100 * (m - row.value) / row.value:+8.1f}%")
    mean.to_csv(os.path.join(a.out, "mean_indicators.csv"))
    print("\nall bounds met" if ok_all else "\nsome bounds NOT met")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
