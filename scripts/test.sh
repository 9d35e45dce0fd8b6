#!/usr/bin/env bash
# Set-up, Release build, then the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${PANOPTICON_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
