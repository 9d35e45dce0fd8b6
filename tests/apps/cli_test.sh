#!/usr/bin/env bash
# End-to-end tests of the panopticon program: outputs, determinism, bad input
# (exit status 2, the message, nothing written), params and the generated docs.
set -uo pipefail
bin=$1
src=$2
# shellcheck source=tests/apps/check.sh
source "$(dirname "$0")/check.sh"
expect_bad_input() {  # expect_bad_input NAME EXPECTED_MESSAGE ARGS...
  local name=$1 expected=$2
  shift 2
  rm -rf out-bad
  "$bin" "$@" >stdout.txt 2>stderr.txt
  local rc=$?
  check "$name: exit status 2 (got $rc)" test "$rc" -eq 2
  check "$name: message" grep -qF -- "$expected" stderr.txt || { echo "  got: $(cat stderr.txt)"; }
  check "$name: nothing written" test ! -e out-bad
}

run2=$src/scenarios/epstein-2002/run2.toml

# A run writes its three files and a summary.
"$bin" run "$run2" --steps 200 --out a >stdout.txt 2>stderr.txt
check "run exits 0" test $? -eq 0
check "ticks.csv header" test "$(head -1 a/ticks.csv)" = "tick,quiet,active,jailed,cops,arrests,legitimacy"
check "ticks.csv has a row per tick and tick 0" test "$(wc -l <a/ticks.csv)" -eq 202
check "summary.json" grep -q '"outbursts"' a/summary.json
check "metadata.json has the seed" grep -q '"seed": 1' a/metadata.json
check "metadata.json has the version" grep -q '"version"' a/metadata.json
check "summary printed" grep -q "outbursts (actives > 50)" stdout.txt
check "speed printed" grep -q "agent-steps/s" stdout.txt
check "no progress bar when stderr is not a terminal" test ! -s stderr.txt
check "no temporary files left" test -z "$(ls a | grep partial)"

# Determinism: the same scenario and seed give byte-identical outputs.
"$bin" run "$run2" --steps 200 --out b >/dev/null 2>&1
for f in ticks.csv summary.json metadata.json; do
  check "same seed, same $f" cmp -s a/$f b/$f
done
"$bin" run "$run2" --steps 200 --seed 2 --out c >/dev/null 2>&1
check "other seed, other ticks.csv" bash -c "! cmp -s a/ticks.csv c/ticks.csv"
for rs in paper mesa; do
  "$bin" run "$run2" --steps 100 --set model.ruleset=$rs --out d1 >/dev/null 2>&1
  "$bin" run "$run2" --steps 100 --set model.ruleset=$rs --out d2 >/dev/null 2>&1
  check "$rs: same seed, same ticks.csv" cmp -s d1/ticks.csv d2/ticks.csv
done

# Synchronous activation: the same outputs for any thread count.
for threads in 1 2 3; do
  OMP_WAIT_POLICY=PASSIVE "$bin" run "$run2" --steps 150 --set model.activation=synchronous \
    --set model.threads=$threads --out sync$threads >/dev/null 2>&1
done
check "synchronous: ran" test -s sync1/ticks.csv
check "synchronous: 1 and 2 threads, same ticks.csv" cmp -s sync1/ticks.csv sync2/ticks.csv
check "synchronous: 1 and 3 threads, same ticks.csv" cmp -s sync1/ticks.csv sync3/ticks.csv
check "synchronous: 1 and 2 threads, same summary.json" cmp -s sync1/summary.json sync2/summary.json

# Bad input: exit status 2, a message naming place, key, value and what is allowed.
printf '[citizens]\nvision = -1\n' >bad.toml
expect_bad_input "out of range" "bad.toml:2:1: citizens.vision = -1: out of range; allowed: a number from 0 to 100" run bad.toml --out out-bad
printf '[citizens]\nvison = 7\n' >bad.toml
expect_bad_input "unknown key" "bad.toml:2:1: citizens.vison = 7: unknown key; allowed: did you mean citizens.vision?" run bad.toml --out out-bad
expect_bad_input "missing file" "nothere.toml: the scenario file does not exist; allowed: a regular file of TOML text of at most 4 MiB" run nothere.toml --out out-bad
expect_bad_input "bad --set" "--set citizens.k=-2: citizens.k = -2: out of range" run "$run2" --set citizens.k=-2 --out out-bad
expect_bad_input "bad --set syntax" "--set k: expected key=value" run "$run2" --set k --out out-bad
expect_bad_input "bad --steps" "--steps -5: out of range; allowed: a whole number from 0 to 1000000000" run "$run2" --steps -5 --out out-bad
expect_bad_input "unknown option" "--frobnicate" run "$run2" --frobnicate --out out-bad
expect_bad_input "unwritable --out" "--out /proc/panopticon-out: cannot write the outputs" run "$run2" --out /proc/panopticon-out
expect_bad_input "validate" "bad.toml:2:1: citizens.vison" validate bad.toml

# validate prints the resolved scenario, which validates again.
"$bin" validate "$run2" >resolved.toml 2>/dev/null
check "validate exits 0" test $? -eq 0
check "validate resolves the rules" grep -q 'ratio = "floor"' resolved.toml
"$bin" validate resolved.toml >/dev/null 2>&1
check "resolved scenario is valid" test $? -eq 0

# params lists every parameter; docs/parameters.md is what params --markdown prints.
"$bin" params >params.txt
check "params lists citizens.k" grep -q '^citizens.k$' params.txt
# Every generated document (parameters, outputs, the mechanism pages'
# parameter blocks) is what the program prints now.
check "generated docs are fresh (scripts/generate-docs.sh)" \
  bash "$src/scripts/generate-docs.sh" --check "$bin"
check "params --mechanism prints a mechanism's table" \
  grep -q 'cameras.coverage' <("$bin" params --mechanism cameras --markdown)
expect_bad_input "unknown mechanism page" "--mechanism camera: unknown mechanism" \
  params --mechanism camera --markdown

# The compliance layer: its table, its summary, and compare.
full=$src/scenarios/compliance/full.toml
"$bin" run "$full" --steps 60 --out layer >stdout.txt 2>stderr.txt
check "layer run exits 0" test $? -eq 0
check "layer run prints the liberty metrics" grep -q "liberty: expressed dissent" stdout.txt
check "layer ticks.csv header starts with the layer's columns" \
  grep -q '^tick,quiet,dissent,active,jailed,detained,' layer/ticks.csv
check "layer ticks.csv has mechanism results" grep -q 'ijop_detentions' layer/ticks.csv
check "layer ticks.csv has a row per tick" test "$(wc -l <layer/ticks.csv)" -eq 62
check "layer summary has the windows" grep -q '"long_term"' layer/summary.json
check "layer summary has the liberty metrics" grep -q '"falsification_gap"' layer/summary.json
"$bin" run "$full" --steps 60 --out layer2 >/dev/null 2>&1
check "layer runs are deterministic" cmp -s layer/ticks.csv layer2/ticks.csv
for demo in "$src"/scenarios/mechanisms/*.toml; do
  "$bin" run "$demo" --steps 30 --out "demo-$(basename "$demo" .toml)" >/dev/null 2>stderr.txt
  check "demo $(basename "$demo") runs" test $? -eq 0
done
# compare: paired runs against a baseline, the trade-off table and its tests.
# 260 ticks: full.toml's mechanisms may start after a burn-in.
"$bin" compare "$full" --without cameras --replicates 2 --steps 260 --out cmp >stdout.txt 2>&1
check "compare exits 0" test $? -eq 0
check "compare.csv header" \
  test "$(head -1 cmp/compare.csv)" = "replicate,seed,window,metric,with,baseline,difference"
check "compare.csv rows: 2 replicates x 2 windows x metrics" \
  test "$(grep -c ',short_term,' cmp/compare.csv)" -eq "$(grep -c ',long_term,' cmp/compare.csv)"
check "compare.json has standard errors" grep -q '"standard_error"' cmp/compare.json
check "compare.json has the pairs" grep -q '"pairs": 2' cmp/compare.json
check "compare.json has Holm's p" grep -q '"p_holm"' cmp/compare.json
check "compare.json has the trade-off" grep -q '"tradeoff"' cmp/compare.json
check "compare.json names the baseline" grep -q '"label": "without cameras"' cmp/compare.json
check "compare prints the sign convention" grep -qF 'difference = scenario - baseline' stdout.txt
check "compare says Holm-Bonferroni" grep -q 'Holm-Bonferroni' stdout.txt
check "compare prints a pairs column" grep -qE 'difference +s\.e\. +pairs +p +Holm' stdout.txt
check "tradeoff.csv header" test "$(head -1 cmp/tradeoff.csv)" = \
  "window,group,metric,with_mean,baseline_mean,difference_scenario_minus_baseline,standard_error,pairs,p_value,p_holm,significant_holm_0.05"
for window in short_term long_term; do
  for group in stability liberty cost; do
    check "tradeoff.csv: $window $group" grep -q "^$window,$group," cmp/tradeoff.csv
  done
done
check "tradeoff.csv: mean_active is stability" grep -q '^long_term,stability,mean_active,' cmp/tradeoff.csv
check "tradeoff.csv: falsification_gap is liberty" \
  grep -q '^long_term,liberty,falsification_gap,' cmp/tradeoff.csv
check "tradeoff.csv: cameras cost money that the baseline does not spend" \
  awk -F, '$1 == "long_term" && $3 == "cameras_cost" { found = 1; ok = $5 == 0 && $6 > 0 }
           END { exit !(found && ok) }' cmp/tradeoff.csv
# Every mechanism off: "all", or each named, gives the same tables.
every=$("$bin" params --mechanisms | paste -sd, -)
"$bin" compare "$full" --without all --replicates 2 --steps 260 --out cmp-all >stdout.txt 2>&1
check "compare --without all exits 0" test $? -eq 0
check "compare --without all says so" grep -q 'against itself without every mechanism' stdout.txt
"$bin" compare "$full" --without "$every" --replicates 2 --steps 260 --out cmp-list >/dev/null 2>&1
for f in compare.csv tradeoff.csv compare.json; do
  check "--without all and --without $every: same $f" cmp -s cmp-all/$f cmp-list/$f
done
# The scenario against itself: every difference is 0 (or undefined).
"$bin" compare "$full" --against "$full" --replicates 2 --steps 220 --out cmp-self >/dev/null 2>&1
check "compare --against exits 0" test $? -eq 0
check "against itself: every difference 0" \
  awk -F, 'NR > 1 && $7 != "" && $7 != 0 { bad = 1 } END { exit bad }' cmp-self/compare.csv
check "against itself: every p is 1" \
  awk -F, 'NR > 1 && $9 != "" && $9 != 1 { bad = 1 } END { exit bad }' cmp-self/tradeoff.csv
check "compare.json names the baseline file" grep -q '"kind": "against"' cmp-self/compare.json
# The default directory names the baseline.
"$bin" compare "$full" --without cameras,ijop --replicates 1 --steps 20 >/dev/null 2>&1
check "default directory output/compare-full-without-cameras+ijop" \
  test -s output/compare-full-without-cameras+ijop/tradeoff.csv
"$bin" compare "$full" --against "$run2" --replicates 1 --steps 20 >/dev/null 2>&1
check "default directory output/compare-full-against-run2" \
  test -s output/compare-full-against-run2/tradeoff.csv
expect_bad_input "compare of an unknown mechanism" \
  "--without camera: unknown mechanism; allowed: did you mean cameras?" \
  compare "$full" --without camera --out out-bad
expect_bad_input "compare: an unknown name in a list" \
  "--without telcom: unknown mechanism; allowed: did you mean telecom? one of policing, " \
  compare "$full" --without cameras,telcom --out out-bad
expect_bad_input "compare: all is allowed" "or all, or several separated by commas" \
  compare "$full" --without cameras,telcom --out out-bad
expect_bad_input "compare: an empty name in a list" \
  "--without cameras,,ijop: an empty name in the list; allowed: one of policing, " \
  compare "$full" --without cameras,,ijop --out out-bad
expect_bad_input "compare: two baselines" \
  "--without cameras --against $run2: two baselines; allowed: exactly one of --without all|MECHANISM[,MECHANISM...] and --against SCENARIO" \
  compare "$full" --without cameras --against "$run2" --out out-bad
expect_bad_input "compare: no baseline" \
  "compare: no baseline; allowed: exactly one of --without all|MECHANISM[,MECHANISM...] and --against SCENARIO" \
  compare "$full" --out out-bad
printf '[lattice]\nwidth = 20\nheight = 40\n' >narrow.toml
expect_bad_input "compare: another lattice" \
  "--against narrow.toml: lattice.width = 20: the baseline's lattice is 20x40, $full's is 40x40" \
  compare "$full" --against narrow.toml --out out-bad
printf '[citizens]\ndensity = 0.5\n' >sparse.toml
expect_bad_input "compare: another population" \
  "--against sparse.toml: citizens.density = 0.5: makes 800 citizens and 64 cops, $full makes 1120 and 64" \
  compare "$full" --against sparse.toml --out out-bad
expect_bad_input "compare: a missing baseline" "nothere.toml: the scenario file does not exist" \
  compare "$full" --against nothere.toml --out out-bad
expect_bad_input "compare with a bad override" "ijop.p_detain = 2: out of range" \
  compare "$full" --without cameras --set ijop.p_detain=2 --out out-bad

# One outburst definition (docs/outputs.md): on 120x120 the summary's
# outbursts are the layer's whole-run outbursts, against a threshold scaled
# to the population (50 x 10,080 / 1,120 = 450).
"$bin" run "$run2" --steps 300 --set lattice.width=120 --set lattice.height=120 \
  --set dissent.enabled=true --out big >/dev/null 2>&1
check "a 120x120 run" test -s big/summary.json
top=$(grep -m1 -E '^  "outbursts": ' big/summary.json | tr -dc '0-9')
whole=$(grep -A200 '"whole_run"' big/summary.json | grep -m1 '"outbursts"' | sed 's/.*: //; s/\.0*,*$//')
check "the threshold is scaled: 450 actives" grep -q '"outburst_threshold": 450,' big/summary.json
check "summary and whole-run window count the same outbursts ($top, $whole)" \
  test -n "$top" -a "$top" = "$whole"


# Numbers and --set on the command line (the bad ones are in
# tests/bad-input/command-line): spaces around a --set's = are dropped, a
# whole number may be written 1e3, and a bound is printed as written.
"$bin" validate "$run2" --set " model.steps = 7 " >resolved.toml 2>stderr.txt
check "--set with spaces: valid" test $? -eq 0
check "--set with spaces: applied" grep -qx 'steps = 7' resolved.toml
"$bin" run "$run2" --steps 1e1 --seed 9000000000000000000 --out big-seed >stdout.txt 2>stderr.txt
check "--steps 1e1 and the largest seed run" test $? -eq 0
check "the largest seed is the seed" grep -q '"seed": 9000000000000000000' big-seed/metadata.json
check "--steps 1e1 is 10 ticks" test "$(wc -l <big-seed/ticks.csv)" -eq 12
check "params prints the seed's bound as written" \
  grep -q 'allowed: a whole number from 0 to 9000000000000000000$' <("$bin" params)

# A disk that fills up (here the file size limit, ulimit -f, which fails a
# write as a full disk does): exit status 2 naming the directory, and nothing
# half-written left; with a checkpoint, what resumes it is kept.
(ulimit -f 16; "$bin" run "$run2" --steps 1000 --out full >stdout.txt 2>stderr.txt)
check "full disk: exit status 2" test $? -eq 2
check "full disk: the message" grep -qF "error: full: the disk is full (no space left writing full/ticks.csv.partial: File too large); nothing half-written is left; allowed: free space on the disk that holds it (or a larger ulimit -f), or another --out" stderr.txt ||
  echo "  got: $(cat stderr.txt)"
check "full disk: no partial file left" test -z "$(ls -A full 2>/dev/null | grep partial)"
(ulimit -f 64; "$bin" run "$run2" --steps 1000 --checkpoint-every 10 --out full-cp >stdout.txt 2>stderr.txt)
check "full disk with a checkpoint: exit status 2" test $? -eq 2
check "full disk with a checkpoint: says what is kept" \
  grep -qF "checkpoint.bin and ticks.csv.partial are kept for \`panopticon resume full-cp\` once there is space" stderr.txt ||
  echo "  got: $(cat stderr.txt)"
"$bin" resume full-cp >/dev/null 2>stderr.txt
check "full disk with a checkpoint: resumes once there is space" test $? -eq 0

# A newcomer's first minutes: bare panopticon lists the subcommands (exit
# status 2: it did nothing), compare --help gives its defaults and the
# mechanisms, a mistyped mechanism page suggests the name.
"$bin" >stdout.txt 2>stderr.txt
check "bare panopticon: exit status 2" test $? -eq 2
for sub in run resume validate params outputs compare; do
  check "bare panopticon lists $sub" grep -qE "^  $sub +" stdout.txt
done
"$bin" compare --help >stdout.txt 2>&1
check "compare --help: the replicates' default" grep -qF -- '--replicates N=10' stdout.txt
check "compare --help: the mechanisms" grep -qF "all, or a comma list of $(paste -sd, <("$bin" params --mechanisms) | sed 's/,/, /g')" stdout.txt
check "compare --help: the steps' default" grep -qF "default: the scenario's model.steps" stdout.txt
expect_bad_input "mistyped mechanism page: the exact message" \
  "error: --mechanism camra: unknown mechanism; allowed: did you mean cameras? one of policing, cameras," \
  params --mechanism camra --markdown
# compare: the s.e. is said to be a standard error, one replicate is
# singular, and a mechanism that was off or windows that overlap are warned of.
"$bin" compare "$run2" --without cameras --replicates 1 --steps 150 --out cmp-one >stdout.txt 2>stderr.txt
check "compare of one replicate exits 0" test $? -eq 0
check "compare: 1 paired replicate (seed 1)" grep -qF "1 paired replicate (seed 1), 150 ticks" stdout.txt
check "compare: s.e. is a standard error" \
  grep -qF "s.e.: the standard error of the mean difference over the pairs (the +/- of the difference)" stdout.txt
check "compare: warns of a mechanism that was off" grep -qxF \
  "warning: --without cameras: cameras is not enabled in $run2, so switching it off changes nothing" stderr.txt
check "compare: warns of overlapping windows" grep -qxF \
  "warning: the short_term window (ticks 1 to 100) and the long_term window (ticks 51 to 150) overlap, so they share ticks; for separate windows: more --steps, or a smaller outputs.short_window (100) or outputs.long_window (100)" stderr.txt
"$bin" compare "$run2" --without all --replicates 2 --steps 200 --out cmp-two >stdout.txt 2>stderr.txt
check "compare: 2 paired replicates (seeds 1 to 2)" grep -qF "2 paired replicates (seeds 1 to 2)" stdout.txt
check "compare --without all of a scenario with none on: warned" grep -qxF \
  "warning: --without all: no mechanism is enabled in $run2, so the baseline is the scenario itself" stderr.txt
check "compare: no overlap warning when the windows are apart" bash -c "! grep -q overlap stderr.txt"
"$bin" compare "$full" --without cameras --replicates 1 --steps 20 --out cmp-on >/dev/null 2>stderr.txt
check "compare: no warning for a mechanism that is on" bash -c "! grep -q 'not enabled' stderr.txt"
check "layer run: rates per 1,000 citizens" grep -qF "per 1,000 citizens" <("$bin" run "$full" --steps 5 --out layer-rates)

finish
