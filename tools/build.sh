#!/usr/bin/env bash
# Configures and builds the release preset (build/release). Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${XIAODA_PRESET:-release}"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -j "$(nproc)"
