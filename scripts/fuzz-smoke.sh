#!/usr/bin/env bash
# A short, bounded libFuzzer run of the scenario parser (fuzz/fuzz_scenario.cpp,
# with AddressSanitizer and UndefinedBehaviorSanitizer) from the seed corpus in
# fuzz/corpus/scenario. Fails on any crash, leak, undefined behaviour or
# exception other than ScenarioError; the input that did it is kept in
# BUILD_DIR/fuzz-artifacts/ to replay with BUILD_DIR/fuzz/fuzz_scenario FILE.
# Needs clang and libclang-rt-14-dev (scripts/setup.sh installs them).
#   PANOPTICON_FUZZ_BUILD_DIR  build directory (default build-fuzz)
#   PANOPTICON_FUZZ_SECONDS    how long to fuzz (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${PANOPTICON_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${PANOPTICON_FUZZ_SECONDS:-60}

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPANOPTICON_FUZZ=ON -DPANOPTICON_TESTS=OFF -DPANOPTICON_BENCH=OFF -DPANOPTICON_NATIVE=OFF >/dev/null
cmake --build "$build_dir" --target fuzz_scenario -j "$(nproc)"

# The run adds what it finds to its corpus; the committed seeds stay as they are.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r fuzz/corpus/scenario "$work/corpus"
mkdir -p "$build_dir/fuzz-artifacts"
echo "fuzz-smoke: fuzzing the scenario parser for ${seconds} s"
"$build_dir/fuzz/fuzz_scenario" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
  -dict=fuzz/scenario.dict -artifact_prefix="$build_dir/fuzz-artifacts/" "$work/corpus" \
  2>"$work/log" || {
  tail -n 60 "$work/log"
  echo "fuzz-smoke: FAILED; the input is in $build_dir/fuzz-artifacts/" >&2
  exit 1
}
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' "$work/log"
echo "fuzz-smoke: passed"
