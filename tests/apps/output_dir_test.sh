#!/usr/bin/env bash
# The output directory belongs to one run at a time, and the program deletes
# only what it wrote:
# - a second run, resume or compare into a directory that a run is writing
#   is refused (exit 2, naming the directory and the process), and the
#   first run's outputs are those of a lone run;
# - a lock left by a run killed with SIGKILL does not block the next run;
# - a user's files in the directory, `*.partial-*` ones included, survive a
#   run, a killed run and its resume;
# - a fresh run over the checkpoint of an unfinished run is refused with how
#   to resume it or start afresh, and --force starts afresh.
#   output_dir_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"
scenario=$src/scenarios/epstein-2002/run2.toml
args=(--set lattice.width=100 --set lattice.height=100)

# Only the run's three files, and whatever else is named (the user's files).
only_outputs() {  # only_outputs DIR [OTHER_NAME ...]
  local dir=$1
  shift
  local patterns=(-e ticks.csv -e summary.json -e metadata.json) name extra
  for name in "$@"; do patterns+=(-e "$name"); done
  extra=$(ls -A "$dir" | grep -v -x -F "${patterns[@]}")
  [ -z "$extra" ] || { echo "  unexpected in $dir: $extra"; return 1; }
}
same_outputs() {  # same_outputs REF DIR
  local f
  for f in ticks.csv summary.json metadata.json; do cmp -s "$1/$f" "$2/$f" || return 1; done
}
# Waits (up to 20 s) until process PID holds DIR's lock.
wait_for_lock() {  # wait_for_lock DIR PID
  local i
  for i in $(seq 200); do
    grep -qx "pid $2" "$1/.panopticon.lock" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Two runs into one directory: the second is refused, the first is intact.
"$bin" run "$scenario" "${args[@]}" --steps 8000 --out lone >/dev/null 2>&1
check "lone run" test -s lone/summary.json
"$bin" run "$scenario" "${args[@]}" --steps 8000 --out shared >first.txt 2>&1 &
first=$!
check "the first run holds the lock" wait_for_lock shared "$first"
busy="error: output directory shared is in use by process $first, which holds its lock shared/.panopticon.lock: two runs writing one directory would corrupt each other's files; wait for it to finish, or write elsewhere with --out"
"$bin" run "$scenario" "${args[@]}" --steps 8000 --out shared >second.txt 2>err.txt
check "a second run: exit 2" test $? -eq 2
check "a second run: the message names the directory and the process" \
  test "$(cat err.txt)" = "$busy" || echo "  got: $(cat err.txt)"
"$bin" resume shared >/dev/null 2>err.txt
check "a resume meanwhile: exit 2" test $? -eq 2
check "a resume meanwhile: the same message" test "$(cat err.txt)" = "$busy"
"$bin" compare "$src/scenarios/compliance/full.toml" --without cameras --replicates 1 \
  --steps 5 --out shared >/dev/null 2>err.txt
check "a compare meanwhile: exit 2" test $? -eq 2
check "a compare meanwhile: the same message" test "$(cat err.txt)" = "$busy"
check "still running after the refusals" kill -0 "$first"
wait "$first"
check "the first run: exit 0" test $? -eq 0
check "the first run: outputs as a lone run's" same_outputs lone shared
check "the first run: nothing else left (the lock file removed)" only_outputs shared

# A run killed with SIGKILL leaves its lock file, which does not block.
"$bin" run "$scenario" "${args[@]}" --steps 8000 --out killed >/dev/null 2>&1 &
pid=$!
check "the killed run held the lock" wait_for_lock killed "$pid"
kill -9 "$pid"
wait "$pid" 2>/dev/null
check "a killed run leaves its lock file" test -f killed/.panopticon.lock
"$bin" run "$scenario" "${args[@]}" --steps 8000 --out killed >/dev/null 2>err.txt
check "a run after a killed one: exit 0" test $? -eq 0 || echo "  got: $(cat err.txt)"
check "a run after a killed one: outputs as a lone run's" same_outputs lone killed
check "a run after a killed one: nothing else left" only_outputs killed

# A user's files survive a run, a killed run and its resume.
user_files=(notes.txt ticks.csv.partial-1234 checkpoint.bin.partial-99 summary.json.partial-abc
            metadata.json.partial-0123456789abcdef .hidden)
put_user_files() {  # put_user_files DIR
  mkdir -p "$1"
  local f
  for f in "${user_files[@]}"; do printf 'the user wrote %s\n' "$f" >"$1/$f"; done
}
user_files_intact() {  # user_files_intact DIR
  local f
  for f in "${user_files[@]}"; do
    [ "$(cat "$1/$f" 2>/dev/null)" = "the user wrote $f" ] || { echo "  lost: $1/$f"; return 1; }
  done
}
"$bin" run "$scenario" "${args[@]}" --steps 2500 --out ref >/dev/null 2>&1
put_user_files users
"$bin" run "$scenario" "${args[@]}" --steps 2500 --out users >/dev/null 2>&1
check "a run beside a user's files: exit 0" test $? -eq 0
check "a run beside a user's files: they survive" user_files_intact users
check "a run beside a user's files: outputs as usual" same_outputs ref users
check "a run beside a user's files: nothing else" only_outputs users "${user_files[@]}"

rm -rf users
put_user_files users
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run "$scenario" "${args[@]}" --steps 2500 \
  --out users --checkpoint-every 100 >/dev/null 2>&1
check "killed in its third checkpoint" test $? -eq 137
check "a killed run: the user's files survive" user_files_intact users
torn=$(ls users | grep -E '^checkpoint\.bin\.partial-[0-9a-f]{16}$')
check "the killed run left its torn checkpoint" test -n "$torn"
cp users/checkpoint.bin checkpoint-copy.bin

# A fresh run over that checkpoint is refused; --force starts afresh.
"$bin" run "$scenario" "${args[@]}" --steps 2500 --out users >/dev/null 2>err.txt
check "a fresh run over a checkpoint: exit 2" test $? -eq 2
check "a fresh run over a checkpoint: says how to resume or start afresh" test "$(cat err.txt)" = \
  "error: users holds the checkpoint of an unfinished run (users/checkpoint.bin), which a fresh run would destroy: continue that run with \`panopticon resume users\`, or start afresh with --force, which deletes the checkpoint" ||
  echo "  got: $(cat err.txt)"
check "a fresh run over a checkpoint: the checkpoint is untouched" \
  cmp -s checkpoint-copy.bin users/checkpoint.bin
check "a fresh run over a checkpoint: the user's files too" user_files_intact users
"$bin" run "$scenario" "${args[@]}" --steps 2500 --out users --resume --force >/dev/null 2>err.txt
check "--resume with --force: exit 2" test $? -eq 2
cp -r users users-force

"$bin" resume users >/dev/null 2>err.txt
check "resume beside a user's files: exit 0" test $? -eq 0 || echo "  got: $(cat err.txt)"
check "resume: the user's files survive" user_files_intact users
check "resume: the torn checkpoint (its own) is removed" test ! -e "users/$torn"
check "resume: outputs as an uninterrupted run's" same_outputs ref users
check "resume: nothing else" only_outputs users "${user_files[@]}"

"$bin" run "$scenario" "${args[@]}" --steps 2500 --out users-force --force >/dev/null 2>err.txt
check "--force over a checkpoint: exit 0" test $? -eq 0 || echo "  got: $(cat err.txt)"
check "--force: the checkpoint is gone" test ! -e users-force/checkpoint.bin
check "--force: the user's files survive" user_files_intact users-force
check "--force: outputs as a lone run's" same_outputs ref users-force
check "--force: nothing else" only_outputs users-force "${user_files[@]}"

# A resume of a directory that is not there says so.
"$bin" resume nothere >/dev/null 2>err.txt
check "resume of a missing directory: exit 2" test $? -eq 2
check "resume of a missing directory: says so" test "$(cat err.txt)" = \
  "error: nothere does not exist: there is no run to resume there"
check "resume of a missing directory: nothing made" test ! -e nothere

finish
