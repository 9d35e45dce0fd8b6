#!/usr/bin/env bash
# Memory is checked before it is allocated (memory_estimate.hpp): a scenario
# that does not fit is refused with exit 2, the estimate, the limit and the
# keys to change, before its output directory is made, for run, compare and
# resume (the scenario a checkpoint holds); validate prints the estimate; an
# allocation failure that gets past the estimate (the test hook
# skip-memory-check, under ulimit -v) is still reported cleanly, exit 2.
#   memory_test.sh PANOPTICON SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"
run2=$src/scenarios/epstein-2002/run2.toml
huge=(--set lattice.width=30000 --set lattice.height=30000)

"$bin" validate "$run2" >validate.txt 2>&1
check "validate prints the estimate" grep -q '^# memory: about .* the lattice' validate.txt
check "and what the process may use" grep -q 'this process may use' validate.txt

"$bin" run "$run2" "${huge[@]}" --out huge >/dev/null 2>huge.txt
rc=$?
check "a 30,000 x 30,000 lattice is refused with exit 2 (got $rc)" test "$rc" -eq 2
check "naming the key and the estimate" grep -q 'lattice.width = 30000 .*the run needs about .* GiB' huge.txt
check "the limit and the keys to change" grep -q 'more than the .* this process may use .*fewer model.steps' huge.txt
check "no output directory" test ! -e huge

"$bin" compare "$run2" "${huge[@]}" --without all --replicates 2 --out cmp >/dev/null 2>cmp.txt
rc=$?
check "compare of it: exit 2 (got $rc)" test "$rc" -eq 2
check "compare: the estimate" grep -q 'the run needs about' cmp.txt
check "compare: no output directory" test ! -e cmp

# A checkpoint of a 1,000 x 1,000 run, then resumed within too little
# address space: the checkpoint's scenario is refused before its lattice is
# read. (Address-space limits do not mix with the sanitizers' shadow
# memory; a sanitizer build skips the checks under ulimit.)
big=(--set model.activation=synchronous --set model.threads=1 --set lattice.width=1000
     --set lattice.height=1000 --steps 6)
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=2 "$bin" run "$run2" "${big[@]}" \
  --checkpoint-every 2 --out killed >/dev/null 2>&1
check "a killed run left its checkpoint" test -e killed/checkpoint.bin
if (ulimit -v 1048576 && "$bin" --version) >/dev/null 2>&1; then
  (ulimit -v 60000 && "$bin" resume killed) >/dev/null 2>resume.txt
  rc=$?
  check "resume within 60 MB: exit 2 (got $rc)" test "$rc" -eq 2
  check "resume: the estimate and ulimit -v" grep -q 'the run needs about .*ulimit -v' resume.txt
  check "the checkpoint stays" test -e killed/checkpoint.bin
  "$bin" resume killed >/dev/null 2>&1
  check "and resumes with enough memory" test -s killed/summary.json

  mid=(--set lattice.width=3000 --set lattice.height=3000 --steps 2)
  (ulimit -v 400000 && "$bin" run "$run2" "${mid[@]}" --out mid) >/dev/null 2>mid.txt
  rc=$?
  check "3,000 x 3,000 within 400 MB: exit 2 (got $rc)" test "$rc" -eq 2
  check "the limit is ulimit -v" grep -q 'the address-space limit (ulimit -v)' mid.txt
  for activation in random_sequential synchronous; do
    (ulimit -v 250000 && PANOPTICON_FAULT_INJECT=skip-memory-check "$bin" run "$run2" \
      "${mid[@]}" --set model.activation=$activation --out "oom-$activation") \
      >/dev/null 2>"oom-$activation.txt"
    rc=$?
    check "$activation: an allocation failure past the estimate: exit 2 (got $rc)" \
      test "$rc" -eq 2
    check "$activation: reported as out of memory" grep -q '^error: out of memory' \
      "oom-$activation.txt" || cat "oom-$activation.txt"
  done
  check "a run that failed before writing leaves no directory" test ! -e oom-random_sequential
else
  echo "skipped: the checks under ulimit -v (a sanitizer build)"
fi
finish
