#!/usr/bin/python3
"""Plots of a sensitivity folder written by `xiaoda sensitivity`.

usage: python3 tools/plot_sensitivity.py DIR

DIR/mu_sigma.png: Morris mu* (mean absolute elementary effect, per unit of each parameter's range)
against sigma (their standard deviation), one panel per indicator and year, with the lines
sigma/mu* = 0.1, 0.5 and 1 (Garcia Sanchez et al. 2014: below 0.1 near-linear, above 1
non-linear or interacting).
DIR/sobol.png (when DIR/sobol_indices.csv exists): first-order S1 and total ST Sobol indices with
their 95 % bootstrap intervals, one panel per indicator and year.
"""
import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def short(names):
    """Parameter keys without the prefix they all share."""
    names = list(names)
    parts = [n.split(".") for n in names]
    common = 0
    while all(len(p) > common + 1 for p in parts) and len({p[common] for p in parts}) == 1:
        common += 1
    return {n: ".".join(p[common:]) for n, p in zip(names, parts)}


def grid(n):
    cols = min(3, n)
    return math.ceil(n / cols), cols


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    a = ap.parse_args()
    mpath = os.path.join(a.dir, "morris.csv")
    if not os.path.exists(mpath):
        sys.exit(f"{mpath} not found: is {a.dir} a sensitivity folder?")
    m = pd.read_csv(mpath)
    label = short(m["parameter"].unique())
    outputs = [tuple(r) for r in m[["indicator", "year"]].drop_duplicates().itertuples(index=False)]
    rows, cols = grid(len(outputs))
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.2 * rows), squeeze=False)
    for k, (ind, year) in enumerate(outputs):
        ax = axes[k // cols][k % cols]
        g = m[(m.indicator == ind) & (m.year == year)]
        ax.scatter(g["mu_star"], g["sigma"], s=20)
        for _, r in g.iterrows():
            ax.annotate(label[r["parameter"]], (r["mu_star"], r["sigma"]), fontsize=7, xytext=(3, 3),
                        textcoords="offset points")
        top = max(g["mu_star"].max(), g["sigma"].max(), 1e-300)
        for ratio, style in ((0.1, ":"), (0.5, "--"), (1.0, "-")):
            ax.plot([0, top], [0, ratio * top], style, color="grey", lw=0.8, label=f"sigma/mu* = {ratio}")
        ax.set_xlim(0, 1.2 * top)
        ax.set_ylim(0, 1.1 * top)
        ax.set_xlabel("mu* (per unit of range)")
        ax.set_ylabel("sigma")
        ax.set_title(f"{ind} {year}", fontsize=9)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(len(outputs), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle("Morris screening")
    fig.tight_layout()
    out = os.path.join(a.dir, "mu_sigma.png")
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")

    spath = os.path.join(a.dir, "sobol_indices.csv")
    if not os.path.exists(spath):
        return
    s = pd.read_csv(spath)
    outputs = [tuple(r) for r in s[["indicator", "year"]].drop_duplicates().itertuples(index=False)]
    rows, cols = grid(len(outputs))
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.2 * rows), squeeze=False)
    for k, (ind, year) in enumerate(outputs):
        ax = axes[k // cols][k % cols]
        g = s[(s.indicator == ind) & (s.year == year)].reset_index(drop=True)
        x = range(len(g))
        for off, col, name in ((-0.2, "S1", "first order S1"), (0.2, "ST", "total ST")):
            err = [(g[col] - g[col + "_ci95_low"]).clip(lower=0), (g[col + "_ci95_high"] - g[col]).clip(lower=0)]
            ax.bar([i + off for i in x], g[col], width=0.4, yerr=err, capsize=3, label=name)
        ax.set_xticks(list(x))
        ax.set_xticklabels([label.get(p, p) for p in g["parameter"]], rotation=30, ha="right", fontsize=7)
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_title(f"{ind} {year}", fontsize=9)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(len(outputs), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle("Sobol indices (95 % bootstrap intervals)")
    fig.tight_layout()
    out = os.path.join(a.dir, "sobol.png")
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
