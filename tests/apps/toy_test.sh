#!/usr/bin/env bash
# The toy mechanism of the test tree (tests/mechanisms/toy/toy.cpp), end to
# end: adding a mechanism is its file alone. The program built with the test
# tree's registry lists it in `params` and its docs and writes its results
# in ticks.csv, nothing under src/ or include/ names it, and it changes no
# other mechanism's numbers: every other column of a run is the same with
# the toy on, with it off, and with the program that does not have it.
#   toy_test.sh PROGRAM_WITH_TOY PROGRAM SOURCE_DIR
set -uo pipefail
toy=$1
bin=$2
src=$3
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"

check "params lists the toy's switch" grep -qx 'toy.enabled' <("$toy" params)
check "params lists its timing" grep -qx 'toy.start_tick' <("$toy" params)
check "params lists its live parameter" grep -qx 'toy.reach' <("$toy" params)
check "the program without it does not" bash -c "! '$bin' params | grep -q '^toy\.'"
check "its page's generated part" grep -q 'toy_reached' <("$toy" params --mechanism toy --markdown)
check "the list of mechanisms has it, after policing" \
  grep -q '| 150 | `toy` |' <("$toy" params --mechanisms --markdown | grep -A1 '`policing`')
check "outputs.md lists its results" grep -q '| toy_ever_reached |' <("$toy" outputs --markdown)
check "no file under src/ or include/ names it" \
  bash -c "! grep -rlw 'toy' '$src/src' '$src/include'"

full=$src/scenarios/compliance/full.toml
# Every mechanism from tick 0 (full.toml adopts them after a burn-in), so
# that the toy, on from tick 0 too, leaves the summary's windows in place.
from0=()
for key in $("$bin" params | grep -E '^[a-z_]+\.start_tick$'); do from0+=(--set "$key=0"); done
"$toy" run "$full" --steps 120 "${from0[@]}" --set toy.enabled=true --out with >/dev/null 2>&1
check "a run with the toy on" test -s with/ticks.csv
"$toy" run "$full" --steps 120 "${from0[@]}" --out off >/dev/null 2>&1
"$bin" run "$full" --steps 120 "${from0[@]}" --out plain >/dev/null 2>&1
check "its results are columns of ticks.csv" grep -q ',toy_reached,toy_ever_reached' with/ticks.csv
# The value of column NAME in row ROW (the header is row 1) of FILE.
value() {
  awk -F, -v name="$1" -v row="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
    NR == row { print $c }' "$3"
}
reached=$(value toy_ever_reached 122 with/ticks.csv)
check "it acted (citizens reached: $reached)" test "${reached:-0}" -gt 100
# Every column but the toy's, with it on and off, and without it at all.
others() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /^toy_/ }
    { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line $i ","; print line }' "$1"
}
check "the other columns with the toy on are those with it off" \
  cmp -s <(others with/ticks.csv) <(others off/ticks.csv)
check "and those of the program without the toy" \
  cmp -s <(others with/ticks.csv) <(others plain/ticks.csv)
# (the last metric of a table loses its comma when the toy's follow it)
check "the summary without the toy's metrics is the same" \
  cmp -s <(grep -v '"toy_' with/summary.json | sed 's/,$//') \
  <(grep -v '"toy_' plain/summary.json | sed 's/,$//')

# Adopted while the run goes on, and through a checkpoint.
"$toy" run "$full" --steps 120 --set toy.enabled=true --set toy.start_tick=60 --out late \
  >/dev/null 2>&1
check "adopted at tick 60: nothing reached before" \
  test "$(value toy_ever_reached 61 late/ticks.csv)" = 0
check "and something after" test "$(value toy_ever_reached 122 late/ticks.csv)" -gt 0
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$toy" run "$full" --steps 120 \
  --set toy.enabled=true --set toy.start_tick=60 --checkpoint-every 25 --out killed \
  >/dev/null 2>&1
"$toy" resume killed >/dev/null 2>&1
check "a run killed after the toy's adoption resumes to the same end" \
  cmp -s killed/ticks.csv late/ticks.csv

# The layer's regression baselines hold with one more mechanism (its own
# columns and metrics aside), and so does every malformed input's message
# (the lists of tables name it).
check "the layer's regression baselines with the toy" \
  bash "$src/tests/regression/regression_test.sh" "$toy" "$src" >regression.txt
check "the bad-input corpus with the toy" \
  bash "$src/tests/bad-input/run_corpus.sh" "$toy" "$src/tests/bad-input/scenarios" >corpus.txt
finish
