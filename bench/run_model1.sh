#!/usr/bin/env bash
# Model I benchmark tables; each configuration runs in its own process, since
# peak memory is the process's.
#   bash bench/run_model1.sh [BUILD_DIR] [rseq|sync|scaling|vision|all]
set -euo pipefail
build=${1:-build}
what=${2:-all}
b="$build/bench_model1"
echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ "$what" = rseq ] || [ "$what" = all ]; then
  echo "## random-sequential, 1 core"
  for size in 40 200 1000; do
    for rs in paper netlogo mesa; do "$b" "$size" "$rs" 0 random_sequential 1; done
  done
fi
if [ "$what" = sync ] || [ "$what" = all ]; then
  echo "## synchronous, netlogo rules, 1 and 2 threads"
  for size in 200 1000 4000; do
    for threads in 1 2; do "$b" "$size" netlogo 0 synchronous "$threads"; done
  done
fi
if [ "$what" = scaling ] || [ "$what" = all ]; then
  echo "## scaling, synchronous, netlogo rules, 2 threads (10^3 .. 10^8 agents)"
  for size in 37 116 368 1162 3676 11625; do
    ticks=0
    [ "$size" -ge 3676 ] && ticks=10
    [ "$size" -ge 11625 ] && ticks=5
    "$b" "$size" netlogo "$ticks" synchronous 2
  done
fi
if [ "$what" = vision ] || [ "$what" = all ]; then
  echo "## cost against vision, 1000x1000, netlogo rules, 1 thread"
  for vision in 2 4 7 10 15 20; do
    "$b" 1000 netlogo 200 synchronous 1 "$vision"
    "$b" 1000 netlogo 200 random_sequential 1 "$vision"
  done
fi
