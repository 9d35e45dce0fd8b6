#!/usr/bin/env bash
# Set-up, Release build, then the whole test suite through ctest; then the
# suite again built with AddressSanitizer and UndefinedBehaviorSanitizer; then
# fuzz runs of the scenario parser and the checkpoint loader, 45 seconds each
# (scripts/fuzz-smoke.sh).
#   PANOPTICON_SKIP_SANITIZE=1     skip the sanitizer stage
#   PANOPTICON_SANITIZE_BUILD_DIR  its build directory (default build-asan)
#   PANOPTICON_SKIP_FUZZ=1         skip the fuzz run
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${PANOPTICON_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"

if [ "${PANOPTICON_SKIP_SANITIZE:-0}" != 1 ]; then
  start=$SECONDS
  asan_dir=${PANOPTICON_SANITIZE_BUILD_DIR:-build-asan}
  # Without MPI: Open MPI's own allocations would read as leaks; the MPI
  # strips run under the Release build's tests.
  cmake -S . -B "$asan_dir" -DPANOPTICON_SANITIZE=ON -DPANOPTICON_MPI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPANOPTICON_BENCH=OFF >/dev/null
  cmake --build "$asan_dir" -j "$(nproc)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$asan_dir" --output-on-failure -j "$(nproc)"
  echo "test: sanitizer stage passed in $((SECONDS - start)) s"
fi

if [ "${PANOPTICON_SKIP_FUZZ:-0}" != 1 ]; then
  start=$SECONDS
  bash scripts/fuzz-smoke.sh
  echo "test: fuzz stage passed in $((SECONDS - start)) s"
fi
