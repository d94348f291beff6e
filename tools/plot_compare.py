#!/usr/bin/python3
"""Differences over time between compared scenarios, written by `xiaoda compare ... --plot FILE.png`.

usage: python3 tools/plot_compare.py OVER_TIME.csv --out FILE.png [--reference NAME]

Reads the over-time CSV that `xiaoda compare --plot` writes next to the picture (columns
alternative, indicator, year, mean_reference, mean_alternative, mean_difference, sd_difference, n,
ci95_low, ci95_high; one row per compared input, indicator and year) and draws one small panel per
indicator: x = year, line = mean of the paired (seed by seed) differences alternative minus
reference, shaded band = its 95 % interval (absent with one replicate), and a zero line.
Needs matplotlib only (the csv module reads the file).
"""
import argparse
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

COLUMNS = ["alternative", "indicator", "year", "mean_reference", "mean_alternative", "mean_difference",
           "sd_difference", "n", "ci95_low", "ci95_high"]


def number(text):
    return float(text) if text != "" else math.nan


def read_rows(path):
    """{indicator: {alternative: [(year, mean, low, high), ...]}} in file order, and the replicate counts."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}: not written by xiaoda compare --plot?")
        panels, counts = {}, set()
        for r in reader:
            series = panels.setdefault(r["indicator"], {}).setdefault(r["alternative"], [])
            series.append((int(r["year"]), number(r["mean_difference"]), number(r["ci95_low"]), number(r["ci95_high"])))
            counts.add(int(r["n"]))
    if not panels:
        sys.exit(f"{path}: no rows")
    return panels, counts


def short(name):
    return os.path.basename(name.rstrip("/")) or name


def draw_panel(ax, indicator, series):
    ax.axhline(0.0, color="black", lw=0.8)
    for k, (alternative, points) in enumerate(series.items()):
        points.sort()
        years = [p[0] for p in points]
        colour = f"C{k % 10}"
        marker = "o" if len(points) < 4 else None  # a line of one or two years is hard to see
        ax.plot(years, [p[1] for p in points], color=colour, lw=1.4, marker=marker, ms=3, label=short(alternative))
        ax.fill_between(years, [p[2] for p in points], [p[3] for p in points], color=colour, alpha=0.25, lw=0)
    ax.set_title(indicator, fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)


def title(panels, counts, reference):
    alternatives = list(dict.fromkeys(a for series in panels.values() for a in series))
    ref = reference or "the reference"
    head = f"{short(alternatives[0])} minus {ref}" if len(alternatives) == 1 else f"each input minus {ref}"
    n = max(counts)
    if n > 1:
        return f"{head}: mean of the paired differences over {n} seeds, band = 95 % interval"
    return f"{head}: one run each, no interval"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--out", required=True)
    ap.add_argument("--reference", default="")
    a = ap.parse_args()
    if not os.path.exists(a.csv):
        sys.exit(f"{a.csv} not found")
    panels, counts = read_rows(a.csv)
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.9 * rows + 0.6), squeeze=False)
    for ax, (indicator, series) in zip(axes.flat, panels.items()):
        draw_panel(ax, indicator, series)
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
        elif i + cols >= len(panels):  # nothing drawn below it
            ax.set_xlabel("year", fontsize=8)
        if i % cols == 0:
            ax.set_ylabel("difference", fontsize=8)
    multi = any(len(series) > 1 for series in panels.values())
    if multi:
        axes.flat[0].legend(fontsize=7)
    fig.suptitle(title(panels, counts, a.reference), fontsize=10)
    fig.tight_layout()
    # written whole or not at all, like every xiaoda output
    tmp = a.out + ".tmp"
    fig.savefig(tmp, dpi=110, format="png")
    os.replace(tmp, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
