#!/usr/bin/env bash
# Only regular files are inputs: a directory, a FIFO, a device, a symbolic
# link to one, a dangling link or a file over the size limit, given as a
# scenario (run, validate, compare and its --against) or as a checkpoint
# (resume), ends at once with exit status 2 and a message naming the path
# and what it is, in bounded memory, and writes nothing. The cases that git
# can hold are in the bad-input corpus too; a FIFO, a dangling link and a
# sparse file of 9 MiB are made here.
#   input_file_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"

# Runs the program within 20 s and 1 GiB of address space; a sanitizer
# build, which reserves terabytes of address space for its shadow memory,
# cannot start under the limit and runs with the time limit alone.
limit=(ulimit -v 1048576)
(ulimit -v 1048576 && "$bin" --version) >/dev/null 2>&1 || limit=(true)
bounded() { ("${limit[@]}" && exec timeout 20 "$bin" "$@"); }
expect_refused() {  # expect_refused NAME EXPECTED_STDERR ARGS...
  local name=$1 expected=$2
  shift 2
  rm -rf out
  bounded "$@" >stdout.txt 2>stderr.txt
  local rc=$?
  check "$name: exit status 2 (got $rc)" test "$rc" -eq 2
  check "$name: message" test "$(cat stderr.txt)" = "$expected" ||
    echo "  expected: $expected"$'\n'"  got:      $(cat stderr.txt)"
  check "$name: nothing written" test ! -e out
}

scenario_allowed="allowed: a regular file of TOML text of at most 4 MiB"
mkdir scenario-dir
mkfifo fifo.toml
ln -s /dev/zero zero.toml
ln -s nothere.toml dangling.toml
truncate -s 9M big.toml
for command in run validate; do
  extra=()
  [ "$command" = run ] && extra=(--out out)
  expect_refused "$command a directory" \
    "error: scenario-dir: the scenario file is a directory; $scenario_allowed" \
    "$command" scenario-dir "${extra[@]}"
  expect_refused "$command a FIFO" \
    "error: fifo.toml: the scenario file is a FIFO; $scenario_allowed" \
    "$command" fifo.toml "${extra[@]}"
  expect_refused "$command a device" \
    "error: /dev/null: the scenario file is a character device; $scenario_allowed" \
    "$command" /dev/null "${extra[@]}"
  expect_refused "$command a link to /dev/zero" \
    "error: zero.toml: the scenario file is a symbolic link to /dev/zero, which is a character device; $scenario_allowed" \
    "$command" zero.toml "${extra[@]}"
  expect_refused "$command a dangling link" \
    "error: dangling.toml: the scenario file is a symbolic link to nothere.toml, which does not exist; $scenario_allowed" \
    "$command" dangling.toml "${extra[@]}"
  expect_refused "$command a file of 9 MiB" \
    "error: big.toml: the scenario file is 9 MiB (9437184 bytes); a scenario is at most 4 MiB; $scenario_allowed" \
    "$command" big.toml "${extra[@]}"
done
full=$src/scenarios/compliance/full.toml
expect_refused "compare a FIFO" "error: fifo.toml: the scenario file is a FIFO; $scenario_allowed" \
  compare fifo.toml --without cameras --out out
expect_refused "compare --against a FIFO" \
  "error: fifo.toml: the scenario file is a FIFO; $scenario_allowed" \
  compare "$full" --against fifo.toml --out out
expect_refused "compare --against a link to /dev/zero" \
  "error: zero.toml: the scenario file is a symbolic link to /dev/zero, which is a character device; $scenario_allowed" \
  compare "$full" --against zero.toml --out out
# A regular file behind a link is a scenario like any other.
printf '[model]\nsteps = 5\n' >real.toml
ln -s real.toml link.toml
bounded run link.toml --out linked >/dev/null 2>&1
check "a link to a regular scenario file runs" test -s linked/summary.json

# Checkpoints: the run directory of a killed run, whose checkpoint is then
# replaced by something that is not a file.
printf '[model]\nsteps = 60\n[lattice]\nwidth = 12\nheight = 10\n' >tiny.toml
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run tiny.toml --out killed \
  --checkpoint-every 5 >/dev/null 2>&1
check "a killed run left a checkpoint" test -s killed/checkpoint.bin
checkpoint_tail="a checkpoint is the regular file that a run with --checkpoint-every writes"
resume_case() {  # resume_case NAME EXPECTED_PROBLEM MAKE_COMMAND...
  local name=$1 problem=$2
  shift 2
  rm -rf "$name"
  cp -r killed "$name"
  rm -f "$name/checkpoint.bin"
  (cd "$name" && "$@")
  bounded resume "$name" >stdout.txt 2>stderr.txt
  local rc=$?
  check "resume, $name: exit status 2 (got $rc)" test "$rc" -eq 2
  local expected="error: checkpoint $name/checkpoint.bin $problem; $checkpoint_tail"
  check "resume, $name: message" test "$(cat stderr.txt)" = "$expected" ||
    echo "  expected: $expected"$'\n'"  got:      $(cat stderr.txt)"
  check "resume, $name: the partial output is kept" test -s "$name/ticks.csv.partial"
}
resume_case fifo "is a FIFO" mkfifo checkpoint.bin
resume_case directory "is a directory" mkdir checkpoint.bin
resume_case zero "is a symbolic link to /dev/zero, which is a character device" \
  ln -s /dev/zero checkpoint.bin
resume_case dangling "is a symbolic link to gone.bin, which does not exist" \
  ln -s gone.bin checkpoint.bin
# A huge file that is not a checkpoint: refused from its header, unread.
rm -rf huge && cp -r killed huge && rm huge/checkpoint.bin && truncate -s 8G huge/checkpoint.bin
bounded resume huge >/dev/null 2>stderr.txt
check "resume, a sparse file of 8 GiB: exit 2" test $? -eq 2
check "resume, a sparse file of 8 GiB: message" test "$(cat stderr.txt)" = \
  "error: checkpoint huge/checkpoint.bin is not a Panopticon checkpoint (wrong magic bytes)"
# A real checkpoint padded to 8 GiB: its header's length disagrees.
rm -rf padded && cp -r killed padded
size=$(stat -c %s padded/checkpoint.bin)
truncate -s 8G padded/checkpoint.bin
bounded resume padded >/dev/null 2>stderr.txt
check "resume, a checkpoint padded to 8 GiB: exit 2" test $? -eq 2
check "resume, a checkpoint padded to 8 GiB: message" grep -qF \
  "error: checkpoint padded/checkpoint.bin is truncated or padded: the header announces $((size - 36)) payload bytes, the file holds $((8 * 1024 * 1024 * 1024 - 36))" \
  stderr.txt || echo "  got: $(cat stderr.txt)"
# The partial output a resume appends to must be a file too.
rm -rf partial-fifo && cp -r killed partial-fifo && rm partial-fifo/ticks.csv.partial
mkfifo partial-fifo/ticks.csv.partial
bounded resume partial-fifo >/dev/null 2>stderr.txt
check "resume, the partial output a FIFO: exit 2" test $? -eq 2
check "resume, the partial output a FIFO: message" test "$(cat stderr.txt)" = \
  "error: partial-fifo/ticks.csv.partial is a FIFO: it is not the partial output of the run that wrote partial-fifo/checkpoint.bin"
# And the untouched copy still resumes.
bounded resume killed >/dev/null 2>&1
check "the killed run itself resumes" test -s killed/summary.json

finish
