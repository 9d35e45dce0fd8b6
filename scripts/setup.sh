#!/usr/bin/env bash
# Installs what Panopticon needs on Debian 12 (run as root) and builds it in
# Release. Safe to run again: apt skips what is installed, cmake rebuilds only
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake git
  libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  librandom123-dev libgtest-dev libgmock-dev libbenchmark-dev
  # sweeps: the results store (SQLite) and Sobol's sequence (GSL)
  libsqlite3-dev libgsl-dev
  # scripts/test.sh's sanitizer and fuzz stages: clang with libFuzzer and the
  # sanitizer runtimes, and clang's OpenMP runtime
  clang libclang-rt-14-dev libomp-dev
  # panopticon_mpi: one simulation across MPI ranks
  libopenmpi-dev openmpi-bin
  # `panopticon report`: scripts/report.py draws with Debian's python3 and
  # matplotlib; its tests run under pytest and load the page in headless
  # chromium (tests/report/)
  python3-matplotlib python3-pandas python3-numpy python3-pytest chromium
  # the Python module (pybind11, for Debian's /usr/bin/python3) and
  # `panopticon serve`, the live viewer (cpp-httplib)
  pybind11-dev python3-dev libcpp-httplib-dev
  # the viewer's page driven in headless chromium (tests/viewer/page_test.py)
  chromium-driver python3-selenium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir=${PANOPTICON_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release ${PANOPTICON_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
