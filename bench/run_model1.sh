#!/usr/bin/env bash
# Model I benchmark table: each lattice size and rule-set in its own process.
#   bash bench/run_model1.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for size in 40 200 1000; do
  for rs in paper netlogo mesa; do
    "$build/bench_model1" "$size" "$rs"
  done
done
