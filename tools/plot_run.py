#!/usr/bin/python3
"""Draws the main indicators of a run over time with the target points: RUN_DIR/trajectory.png.

usage: /usr/bin/python3 tools/plot_run.py RUN_DIR
"""
import json
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

PANELS = [
    ("resident_population", "residents (10k)"), ("urbanization_rate", "urbanisation (%)"),
    (["employment_share_primary", "employment_share_secondary", "employment_share_tertiary"], "employment shares (%)"),
    ("gdp_per_capita_nominal", "GDP per capita (RMB, log)"),
    (["gdp_share_primary", "gdp_share_secondary", "gdp_share_tertiary"], "GDP shares (%)"),
    (["urban_disposable_income_per_capita", "rural_net_income_per_capita"], "income per capita (RMB, log)"),
    ("residents_from_other_provinces", "from other provinces (10k)"), ("commodity_markets", "commodity markets"),
    ("block_economies_over_1bn_sales", "block economies > RMB 1 bn"), ("firms", "private firms"),
    ("poverty_rate", "poverty (%)"), ("gini_income", "Gini of income per person"),
]


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    run = sys.argv[1]
    ind = pd.read_csv(os.path.join(run, "indicators.csv"))
    tpath = os.path.join(run, "targets.csv")
    targets = None
    if os.path.exists(tpath):
        targets = pd.read_csv(tpath)
    else:
        try:
            meta = json.load(open(os.path.join(run, "run.json")))
            p = meta.get("scenario", {}).get("run", {}).get("targets")
            if p and os.path.exists(p):
                targets = pd.read_csv(p)
        except (OSError, ValueError):
            pass
    if targets is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        targets = pd.read_csv(os.path.join(root, "scenarios", "data", "zhejiang_targets.csv"))
    if "scope" in targets.columns:
        targets = targets[targets.scope == "zhejiang"]
    fig, axes = plt.subplots(3, 4, figsize=(18, 11))
    colors = ["tab:green", "tab:blue", "tab:orange"]
    for ax, (names, title) in zip(axes.flat, PANELS):
        names = names if isinstance(names, list) else [names]
        for i, n in enumerate(names):
            if n not in ind.columns:
                continue
            c = colors[i % 3] if len(names) > 1 else "tab:blue"
            ax.plot(ind.year, ind[n], color=c, label=n.replace("employment_share_", "").replace("gdp_share_", "").replace("_per_capita", ""))
            t = targets[targets.indicator == n]
            ax.scatter(t.year, t.value, color=c, edgecolor="black", zorder=5, s=40)
        if "log" in title:
            ax.set_yscale("log")
        ax.set_title(title)
        ax.grid(alpha=0.3)
        if len(names) > 1:
            ax.legend(fontsize=7)
    fig.suptitle(f"Zhejiang model: {os.path.abspath(run)} (lines: simulated; dots: targets)")
    fig.tight_layout()
    out = os.path.join(run, "trajectory.png")
    fig.savefig(out, dpi=80)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
