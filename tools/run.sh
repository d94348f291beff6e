#!/usr/bin/env bash
# Quick start #1: installs what is needed, builds, and runs the Zhejiang baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
./tools/build.sh
scenario="${1:-scenarios/zhejiang_1978_2013.yaml}"
out="${2:-runs/baseline}"
./build/release/xiaoda run "$scenario" --out "$out" --force
if /usr/bin/python3 -c "import matplotlib, pandas" 2>/dev/null && [ -f tools/plot_run.py ]; then
  /usr/bin/python3 tools/plot_run.py "$out" && echo "plot: $out/trajectory.png"
fi
