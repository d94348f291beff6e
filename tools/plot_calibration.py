#!/usr/bin/python3
"""Convergence plot of a calibration folder written by `xiaoda calibrate`.

usage: python3 tools/plot_calibration.py DIR [--out DIR/convergence.png]

Reads DIR/evaluations.csv (one row per evaluation: stage, parameters, objective, objective_sd,
best_so_far) and draws the objective of every evaluation (points, one colour per stage), the best
so far (line) and, around it, twice the objective's bootstrap sd at the best point: improvements
inside that band are within the noise of the replicate average.
"""
import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    path = os.path.join(a.dir, "evaluations.csv")
    if not os.path.exists(path):
        sys.exit(f"{path} not found: is {a.dir} a calibration folder?")
    ev = pd.read_csv(path)
    out = a.out or os.path.join(a.dir, "convergence.png")
    ok = ev[ev.failed == 0]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for stage, g in ok.groupby("stage", sort=False):
        ax.scatter(g["eval"], g["objective"], s=12, alpha=0.6, label=stage)
    bad = ev[ev.failed != 0]
    if len(bad):
        ax.scatter(bad["eval"], [ok["objective"].max()] * len(bad), marker="x", color="red", label="failed runs")
    ax.step(ev["eval"], ev["best_so_far"], where="post", color="black", lw=1.5, label="best so far")
    # noise band: 2 sd of the objective at the best point of each stretch of the best-so-far line
    sd = []
    best_sd = float("nan")
    for _, r in ev.iterrows():
        if r["failed"] == 0 and r["objective"] == r["best_so_far"]:
            best_sd = r["objective_sd"]
        sd.append(best_sd)
    sd = pd.Series(sd).fillna(0.0)
    lo = (ev["best_so_far"] - 2 * sd).clip(lower=ev["best_so_far"] * 1e-3)
    hi = ev["best_so_far"] + 2 * sd
    ax.fill_between(ev["eval"], lo, hi, step="post", color="grey", alpha=0.25, label="best +- 2 sd (noise)")
    positive = (ok["objective"] > 0).all() and len(ok) > 0
    if positive and ok["objective"].max() / max(ok["objective"].min(), 1e-300) > 50:
        ax.set_yscale("log")
    ax.set_xlabel("evaluation")
    ax.set_ylabel("objective (sum of weighted squared errors in tolerance units)")
    best = ok.loc[ok["objective"].idxmin()] if len(ok) else None
    if best is not None:
        ax.set_title(f"best {best['objective']:.4g} +- {0.0 if math.isnan(best['objective_sd']) else best['objective_sd']:.2g} "
                     f"at evaluation {int(best['eval'])} of {len(ev)}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
