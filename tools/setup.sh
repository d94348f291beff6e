#!/usr/bin/env bash
# Installs every Debian package Xiaoda needs. Idempotent; quiet when all is present.
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config git
      libboost-dev libboost-graph-dev libboost-random-dev libeigen3-dev libtbb-dev
      libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libyaml-cpp-dev libcli11-dev
      nlohmann-json3-dev librandom123-dev libsqlite3-dev libnlopt-cxx-dev libbenchmark-dev
      openmpi-bin libopenmpi-dev python3 python3-matplotlib python3-pandas sqlite3
      valgrind)  # valgrind: the instruction counts of docs/performance.md (callgrind)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
