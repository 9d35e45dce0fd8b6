#!/usr/bin/env bash
# Set-up, Release build, then the whole test suite through ctest; then one
# clang build with AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer's coverage that serves two stages: the suite again under the
# sanitizers (less the long statistical runs, tests/sanitized_build.hpp,
# and the runs killed or raced again and again, tests/CMakeLists.txt),
# and fuzz runs of the scenario parser, the checkpoint loader, the sweep
# plan reader and the world file reader
# (scripts/fuzz-smoke.sh).
#   PANOPTICON_SKIP_SANITIZE=1     skip the sanitizer stage
#   PANOPTICON_SANITIZE_BUILD_DIR  the clang build's directory (default build-sanitize)
#   PANOPTICON_SKIP_FUZZ=1         skip the fuzz run
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${PANOPTICON_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"

san_dir=${PANOPTICON_SANITIZE_BUILD_DIR:-build-sanitize}
if [ "${PANOPTICON_SKIP_SANITIZE:-0}" != 1 ] || [ "${PANOPTICON_SKIP_FUZZ:-0}" != 1 ]; then
  start=$SECONDS
  # Without MPI: Open MPI's own allocations would read as leaks; the MPI
  # strips run under the Release build's tests. -O1 keeps the build short
  # and the reports readable; NDEBUG as in the shipped builds (toml++'s
  # internal assertions are not what the fuzz runs test); the fuzz targets
  # are built here too.
  CC=clang CXX=clang++ cmake -S . -B "$san_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DPANOPTICON_SANITIZE=ON -DPANOPTICON_FUZZ=ON \
    -DPANOPTICON_NATIVE=OFF -DPANOPTICON_MPI=OFF -DPANOPTICON_BENCH=OFF >/dev/null
  cmake --build "$san_dir" -j "$(nproc)"
  echo "test: sanitizer build done in $((SECONDS - start)) s"
fi

if [ "${PANOPTICON_SKIP_SANITIZE:-0}" != 1 ]; then
  start=$SECONDS
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$san_dir" --output-on-failure -j "$(nproc)"
  echo "test: sanitizer stage passed in $((SECONDS - start)) s"
fi

if [ "${PANOPTICON_SKIP_FUZZ:-0}" != 1 ]; then
  start=$SECONDS
  # Four targets at 20 s each keep the whole suite within its 15 minutes.
  PANOPTICON_FUZZ_BUILD_DIR=$san_dir PANOPTICON_FUZZ_PREBUILT=1 \
    PANOPTICON_FUZZ_SECONDS=${PANOPTICON_FUZZ_SECONDS:-20} bash scripts/fuzz-smoke.sh
  echo "test: fuzz stage passed in $((SECONDS - start)) s"
fi
