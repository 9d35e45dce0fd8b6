#!/usr/bin/env bash
# `panopticon sweep` end to end: the tables are the same on 1 and 2
# workers; a sweep killed by SIGKILL (inside a store write, and at moments
# the clock picks) and started again with the same command finishes
# without redoing a finished run and ends with the tables of an
# uninterrupted sweep; a write killed inside its transaction leaves no torn
# row; a changed plan is refused naming the change, and --force starts
# afresh.
#   sweep_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1
source_dir=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

plan=$work/plan.toml
cat >"$plan" <<PLAN
[sweep]
scenario = "$source_dir/scenarios/epstein-2002/run2.toml"
design = "factorial"
replicates = 4
seed = 7
metrics = ["peak_active", "outbursts", "total_arrests", "waiting_time_mean"]
series = true

[set]
"model.steps" = 150

[[vary]]
key = "legitimacy.initial"
values = [0.78, 0.82, 0.86]

[[vary]]
key = "cops.density"
start = 0.03
step = 0.01
stop = 0.05
PLAN
runs=36

tables_equal() {  # DIR_A DIR_B WHAT
  for t in runs.csv points.csv; do
    cmp -s "$1/$t" "$2/$t" || fail "$3: $t differs from the uninterrupted sweep's"
  done
  if ! diff -r "$1/series" "$2/series" >/dev/null; then fail "$3: series/ differs"; fi
}

"$bin" sweep "$plan" --out "$work/one" --workers 1 >"$work/one.log" 2>&1 || fail "1 worker: exit $?"
"$bin" sweep "$plan" --out "$work/two" --workers 2 >"$work/two.log" 2>&1 || fail "2 workers: exit $?"
tables_equal "$work/one" "$work/two" "2 workers"
[ "$(tail -n +2 "$work/one/runs.csv" | wc -l)" -eq $runs ] || fail "runs.csv has not $runs rows"
[ "$(ls "$work/one/series" | wc -l)" -eq $runs ] || fail "series/ has not $runs files"

# Killed inside the N-th store write, after the row and before the commit:
# the store holds the N - 1 runs before it, not a torn N-th.
for n in 1 9 30; do
  out=$work/killed-$n
  (PANOPTICON_FAULT_INJECT=kill-in-store-write=$n exec "$bin" sweep "$plan" --out "$out" \
    --workers 2 >"$out.log" 2>&1)
  status=$?
  [ $status -eq 137 ] || fail "kill-in-store-write=$n: exit $status, not SIGKILL"
  "$bin" sweep "$plan" --out "$out" --workers 2 >"$out.resumed" 2>&1 ||
    fail "kill-in-store-write=$n: the rerun failed: $(cat "$out.resumed")"
  if [ "$n" -eq 1 ]; then reused="$runs ran now, 0 failed"; else reused="$((runs - n + 1)) ran now, $((n - 1)) from before"; fi
  grep -q "$reused" "$out.resumed" ||
    fail "kill-in-store-write=$n: the rerun did not reuse exactly $((n - 1)) runs: $(head -1 "$out.resumed")"
  tables_equal "$work/one" "$out" "kill-in-store-write=$n"
done

# SIGKILL at moments the clock picks, again and again, then run to the end.
out=$work/clock
for delay in 0.05 0.2 0.1 0.3; do
  "$bin" sweep "$plan" --out "$out" --workers 2 >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
"$bin" sweep "$plan" --out "$out" --workers 2 >"$out.log" 2>&1 || fail "clock kills: the rerun failed"
tables_equal "$work/one" "$out" "killed by the clock"

# A changed plan is refused, naming the change; --force starts afresh.
sed 's/replicates = 4/replicates = 5/' "$plan" >"$work/changed.toml"
"$bin" sweep "$work/changed.toml" --out "$work/one" >"$work/changed.log" 2>&1
status=$?
[ $status -eq 2 ] || fail "changed plan: exit $status, not 2"
grep -q "replicates was 4, is now 5" "$work/changed.log" || fail "changed plan: $(cat "$work/changed.log")"
cmp -s "$work/one/runs.csv" "$work/two/runs.csv" || fail "the refused plan touched the tables"
touch "$work/one/notes.txt"
"$bin" sweep "$work/changed.toml" --out "$work/one" --force >"$work/forced.log" 2>&1 ||
  fail "--force: $(cat "$work/forced.log")"
[ "$(tail -n +2 "$work/one/runs.csv" | wc -l)" -eq 45 ] || fail "--force: runs.csv has not 45 rows"
[ -e "$work/one/notes.txt" ] || fail "--force deleted a file the sweep did not write"

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "sweep_test: all passed"
