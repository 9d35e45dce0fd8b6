#!/usr/bin/env bash
# A run killed with SIGKILL at any moment resumes from its last checkpoint
# and finishes with outputs byte-identical to an uninterrupted run: killed at
# several moments, killed again while resuming, killed halfway through
# writing a checkpoint (fault injection), and with --resume on the run line.
set -uo pipefail
bin=$1
src=$2
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"
scenario=$src/scenarios/epstein-2002/run2.toml
args=(--steps 2500 --set lattice.width=100 --set lattice.height=100)

"$bin" run "$scenario" "${args[@]}" --out ref >/dev/null 2>&1
check "reference run" test -s ref/summary.json

same_as_ref() {  # same_as_ref DIR
  local ok=0
  for f in ticks.csv summary.json metadata.json; do cmp -s "ref/$f" "$1/$f" || ok=1; done
  [ -z "$(ls "$1" | grep -v -e '^ticks.csv$' -e '^summary.json$' -e '^metadata.json$')" ] || ok=1
  return $ok
}

# Kill after a delay (seconds), then resume until it finishes; each resume
# may itself be killed after the same delay once.
for delay in 0.15 0.4 0.8 1.2; do
  dir=kill-$delay
  "$bin" run "$scenario" "${args[@]}" --out "$dir" --checkpoint-every 25 >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ -f "$dir/summary.json" ] && [ ! -f "$dir/checkpoint.bin" ]; then
    echo "note: the run finished before the kill at $delay s"
  elif [ ! -f "$dir/checkpoint.bin" ]; then
    # Killed before its first checkpoint (a slow start: a sanitizer build, a
    # busy machine): nothing to resume, which resume must say, and a run
    # started again finishes as the reference.
    "$bin" resume "$dir" >resume.txt 2>&1
    check "resume before the first checkpoint is refused (exit 2)" test $? -eq 2
    check "and says to start again" grep -q 'start it again' resume.txt
    "$bin" run "$scenario" "${args[@]}" --out "$dir" --checkpoint-every 25 >/dev/null 2>&1
  else
    check "killed at $delay s: nothing final written" test ! -e "$dir/ticks.csv"
    "$bin" resume "$dir" --checkpoint-every 25 >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ ! -f "$dir/summary.json" ] || [ -f "$dir/checkpoint.bin" ]; then
      "$bin" resume "$dir" >resume.txt 2>&1
      check "resume after kill at $delay s exits 0" test $? -eq 0
    fi
  fi
  check "killed at $delay s: outputs identical" same_as_ref "$dir"
done

# Killed again and again, each resume without --checkpoint-every: a resume
# keeps the interval the run was started with, so every kill loses at most
# one interval, and the run still ends as the reference.
u64_at() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
# "TICK INTERVAL" of DIR/checkpoint.bin, read along its layout: the 28-byte
# header, the run record (program version, scenario file name, overrides
# as key and value, resolved scenario: strings of a u64 length and bytes;
# the override count, the length of ticks.csv.partial and the interval,
# u64 each), then the model's state (lattice width and height, u32 each,
# then the tick).
checkpoint_record() {
  local f=$1/checkpoint.bin at=28 n i interval
  at=$((at + 8 + $(u64_at "$f" $at)))
  at=$((at + 8 + $(u64_at "$f" $at)))
  n=$(u64_at "$f" $at)
  at=$((at + 8))
  for ((i = 0; i < 2 * n; i++)); do at=$((at + 8 + $(u64_at "$f" $at))); done
  at=$((at + 8 + $(u64_at "$f" $at)))
  at=$((at + 8))
  interval=$(u64_at "$f" $at)
  echo "$(u64_at "$f" $((at + 16))) $interval"
}
# The last tick in DIR/ticks.csv.partial (its header and tick 0 first).
ticks_done() { echo $(($(wc -l <"$1/ticks.csv.partial") - 2)); }
# Kills PID with SIGKILL once DIR's partial output has passed TICK.
kill_after_tick() {  # kill_after_tick PID DIR TICK
  while kill -0 "$1" 2>/dev/null; do
    [ "$(ticks_done "$2" 2>/dev/null || echo -1)" -ge "$3" ] && break
    sleep 0.01
  done
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}
dir=again-and-again
"$bin" run "$scenario" "${args[@]}" --out "$dir" --checkpoint-every 25 >/dev/null 2>&1 &
kill_after_tick $! "$dir" 60
previous=-1
for offset in 13 37 3 24 49 1; do
  read -r tick interval < <(checkpoint_record "$dir")
  done_ticks=$(ticks_done "$dir")
  check "again and again: the interval is kept ($interval)" test "$interval" -eq 25
  check "again and again: a checkpoint since the last resume (tick $tick after $previous)" \
    test "$tick" -gt "$previous"
  check "again and again: at most one interval lost (checkpoint at $tick, killed after $done_ticks)" \
    test $((done_ticks - tick)) -le 25 -a "$done_ticks" -ge "$tick"
  previous=$tick
  "$bin" resume "$dir" >/dev/null 2>&1 &
  kill_after_tick $! "$dir" $((tick + 50 + offset))
done
read -r tick interval < <(checkpoint_record "$dir")
check "again and again: the last kill lost at most one interval too" \
  test "$interval" -eq 25 -a "$tick" -gt "$previous" -a $(($(ticks_done "$dir") - tick)) -le 25
"$bin" resume "$dir" >resume.txt 2>&1
check "again and again: the last resume exits 0" test $? -eq 0
check "again and again: the last resume continued from the last checkpoint ($tick)" \
  grep -q "resumed from the checkpoint at tick $tick\$" resume.txt
check "again and again: outputs identical" same_as_ref "$dir"
# --checkpoint-every on a resume replaces the interval, for later resumes too.
dir=new-interval
"$bin" run "$scenario" "${args[@]}" --out "$dir" --checkpoint-every 25 >/dev/null 2>&1 &
kill_after_tick $! "$dir" 60
"$bin" resume "$dir" --checkpoint-every 40 >/dev/null 2>&1 &
kill_after_tick $! "$dir" 170
read -r tick interval < <(checkpoint_record "$dir")
check "a new interval on resume is recorded ($interval)" test "$interval" -eq 40
check "and used (checkpoint at $tick)" test $((tick % 40)) -eq 0 -a "$tick" -ge 120
"$bin" resume "$dir" >/dev/null 2>&1 &
kill_after_tick $! "$dir" $((tick + 90))
read -r tick2 interval < <(checkpoint_record "$dir")
check "and kept by the next resume ($interval, checkpoint at $tick2)" \
  test "$interval" -eq 40 -a $((tick2 % 40)) -eq 0 -a "$tick2" -gt "$tick"
"$bin" resume "$dir" --checkpoint-every 0 >/dev/null 2>&1
check "a resume with --checkpoint-every 0 finishes" test $? -eq 0
check "new interval: outputs identical" same_as_ref "$dir"

# Synchronous activation: killed mid-checkpoint, resumed with another thread count.
OMP_WAIT_POLICY=PASSIVE "$bin" run "$scenario" "${args[@]}" --set model.activation=synchronous \
  --out sync-ref >/dev/null 2>&1
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=4 OMP_WAIT_POLICY=PASSIVE "$bin" run "$scenario" "${args[@]}" \
  --set model.activation=synchronous --out sync-torn --checkpoint-every 100 >/dev/null 2>&1
OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 "$bin" resume sync-torn >/dev/null 2>&1
check "synchronous resume exits 0" test $? -eq 0
for f in ticks.csv summary.json metadata.json; do
  check "synchronous resume: same $f" cmp -s "sync-ref/$f" "sync-torn/$f"
done

# Killed halfway through writing its third checkpoint.
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run "$scenario" "${args[@]}" --out torn \
  --checkpoint-every 100 >/dev/null 2>&1
check "fault injection killed the run" test $? -eq 137
check "a torn checkpoint is left" bash -c "ls torn | grep -q 'checkpoint.bin.partial-'"
check "the previous checkpoint is intact" test -s torn/checkpoint.bin
"$bin" resume torn >resume.txt 2>&1
check "resume after a torn checkpoint exits 0" test $? -eq 0
check "resumed from the second checkpoint" grep -q "resumed from the checkpoint at tick 200" resume.txt
check "torn checkpoint: outputs identical" same_as_ref torn

# --resume on the run line, and its refusal of another scenario.
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=2 "$bin" run "$scenario" "${args[@]}" --out again \
  --checkpoint-every 300 >/dev/null 2>&1
"$bin" run "$scenario" "${args[@]}" --set citizens.k=2.2 --out again --resume >/dev/null 2>err.txt
check "another scenario: exit 2" test $? -eq 2
check "another scenario: message" grep -qF "belongs to another scenario: it has in [citizens] \`k = 2.3\` where the scenario has \`k = 2.2\`" err.txt
"$bin" run "$scenario" "${args[@]}" --out again --resume >/dev/null 2>&1
check "run --resume exits 0" test $? -eq 0
check "run --resume: outputs identical" same_as_ref again

# A corrupt checkpoint is refused with exit status 2 and the partial output kept.
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=2 "$bin" run "$scenario" "${args[@]}" --out corrupt \
  --checkpoint-every 300 >/dev/null 2>&1
printf 'X' | dd of=corrupt/checkpoint.bin bs=1 seek=100 conv=notrunc 2>/dev/null
"$bin" resume corrupt >/dev/null 2>err.txt
check "corrupt checkpoint: exit 2" test $? -eq 2
check "corrupt checkpoint: message" grep -qF "checkpoint corrupt/checkpoint.bin is corrupt: its checksum does not match its contents" err.txt
check "corrupt checkpoint: partial output kept" test -s corrupt/ticks.csv.partial

# The compliance layer (every mechanism on), both engines: killed halfway
# through a checkpoint, resumed, and byte-identical to an uninterrupted run.
full=$src/scenarios/compliance/full.toml
for act in random_sequential synchronous; do
  layer_args=(--steps 120 --set model.activation=$act --set model.threads=2)
  OMP_WAIT_POLICY=PASSIVE "$bin" run "$full" "${layer_args[@]}" --out "layer-ref-$act" \
    >/dev/null 2>&1
  PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 OMP_WAIT_POLICY=PASSIVE "$bin" run "$full" \
    "${layer_args[@]}" --out "layer-$act" --checkpoint-every 25 >/dev/null 2>&1
  check "layer $act: fault injection killed the run" test $? -eq 137
  OMP_WAIT_POLICY=PASSIVE "$bin" resume "layer-$act" >/dev/null 2>&1
  check "layer $act: resume exits 0" test $? -eq 0
  for f in ticks.csv summary.json metadata.json; do
    check "layer $act: $f identical after resume" cmp -s "layer-ref-$act/$f" "layer-$act/$f"
  done
done

finish
