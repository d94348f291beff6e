#!/usr/bin/env bash
# Quick start #2: installs what is needed, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
./tools/build.sh
ctest --preset release -j "$(nproc)" "$@"
