#!/usr/bin/env bash
# Short, bounded libFuzzer runs (with AddressSanitizer and
# UndefinedBehaviorSanitizer) of the scenario parser (fuzz/fuzz_scenario.cpp,
# seeds in fuzz/corpus/scenario), of the checkpoint loader
# (fuzz/fuzz_checkpoint.cpp, seeds in fuzz/corpus/checkpoint) and of the
# sweep plan reader (fuzz/fuzz_plan.cpp, seeds in fuzz/corpus/plan) and of the
# world file reader (fuzz/fuzz_world.cpp, seeds in fuzz/corpus/world). Fails on any
# crash, leak, undefined behaviour or exception other than the clear errors;
# the input that did it is kept in BUILD_DIR/fuzz-artifacts/ to replay with
# BUILD_DIR/fuzz/fuzz_TARGET FILE.
# Needs clang and libclang-rt-14-dev (scripts/setup.sh installs them).
#   PANOPTICON_FUZZ_BUILD_DIR  build directory (default build-fuzz)
#   PANOPTICON_FUZZ_SECONDS    how long to fuzz each target (default 45)
#   PANOPTICON_FUZZ_PREBUILT=1 the targets are built there already (scripts/test.sh
#                              builds them with the sanitizer suite); skip the build
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${PANOPTICON_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${PANOPTICON_FUZZ_SECONDS:-45}

if [ "${PANOPTICON_FUZZ_PREBUILT:-0}" = 1 ]; then
  for target in scenario checkpoint plan world; do
    [ -x "$build_dir/fuzz/fuzz_$target" ] || {
      echo "fuzz-smoke: $build_dir/fuzz/fuzz_$target is not built (PANOPTICON_FUZZ_PREBUILT=1)" >&2
      exit 1
    }
  done
else
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPANOPTICON_FUZZ=ON -DPANOPTICON_TESTS=OFF -DPANOPTICON_BENCH=OFF -DPANOPTICON_NATIVE=OFF \
    -DPANOPTICON_MPI=OFF >/dev/null
  cmake --build "$build_dir" --target fuzz_scenario fuzz_checkpoint fuzz_plan fuzz_world -j "$(nproc)"
fi

# The runs add what they find to their corpus; the committed seeds stay as they are.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build_dir/fuzz-artifacts"
for target in scenario checkpoint plan world; do
  cp -r "fuzz/corpus/$target" "$work/corpus-$target"
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  echo "fuzz-smoke: fuzzing the $target loader for ${seconds} s"
  "$build_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    "${dict[@]}" -artifact_prefix="$build_dir/fuzz-artifacts/" "$work/corpus-$target" \
    2>"$work/log-$target" || {
    tail -n 60 "$work/log-$target"
    echo "fuzz-smoke: FAILED; the input is in $build_dir/fuzz-artifacts/" >&2
    exit 1
  }
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' \
    "$work/log-$target" || true
done
echo "fuzz-smoke: passed"
