#!/usr/bin/env bash
# Regression: with the dissent layer and every mechanism explicitly off, a
# run is exactly Epstein's Model I: ticks.csv and summary.json byte-identical
# to the baselines written by the engine before the compliance layer existed
# (commit 1fedd6f), for each rule-set and both engines (cases.txt). And the
# compliance layer's runs, with mechanisms adopted late and intensities on
# schedules, byte-identical to theirs (layer-cases.txt, baselines layer-*).
#   regression_test.sh BIN SOURCE_DIR
#   UPDATE_BASELINES=1 ... rewrites the layer's baselines (read the diff)
set -uo pipefail
bin=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every switch the program lists (the dissent layer and each mechanism in the
# registry), so a mechanism added later is switched off here too.
off=()
for key in $("$bin" params | grep -E '^[a-z_]+\.enabled$'); do
  off+=(--set "$key=false")
done
if [ "${#off[@]}" -lt 20 ]; then
  echo "FAIL: \`$bin params\` listed only $((${#off[@]} / 2)) switches"
  exit 1
fi
failed=0
checked=0
# The output's columns of the baseline's header, in its order (a mechanism
# added since writes columns of its own, which an old baseline does not have).
baseline_columns() {  # baseline_columns OUTPUT BASELINE
  awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) want[i] = $i; next }
    FNR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; n = length(want) }
    { line = ""; for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") (want[i] in at ? $at[want[i]] : "?"); print line }' \
    "$2" "$1"
}
# The output's summary lines whose key the baseline has (and those without
# a key), without trailing commas; the same of the baseline.
baseline_keys() {  # baseline_keys OUTPUT BASELINE
  awk 'NR == FNR { if (match($0, /"[^"]*":/)) keys[substr($0, RSTART, RLENGTH)] = 1; next }
    { key = match($0, /"[^"]*":/) ? substr($0, RSTART, RLENGTH) : ""
      if (key == "" || key in keys) { sub(/,$/, ""); print } }' "$2" "$1"
}
# Two files the same, line by line, but for numbers that are not integers,
# which may differ by a relative `tol` (PANOPTICON_REGRESSION_TOLERANCE;
# tests/CMakeLists.txt says when it is set). Integers and text are exact.
near_same() {  # near_same FILE_A FILE_B TOL
  awk -v tol="$3" '
    function isnum(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ }
    function isint(x) { return x ~ /^-?[0-9]+$/ }
    function abs(x) { return x < 0 ? -x : x }
    NR == FNR { a[FNR] = $0; na = FNR; next }
    {
      nb = FNR
      if (a[FNR] == $0) next
      n = split(a[FNR], x, /[,: ]+/); m = split($0, y, /[,: ]+/)
      if (n != m) exit 1
      for (i = 1; i <= n; i++) {
        if (x[i] == y[i]) continue
        if (!isnum(x[i]) || !isnum(y[i]) || isint(x[i]) || isint(y[i])) exit 1
        scale = abs(x[i]) > abs(y[i]) ? abs(x[i]) : abs(y[i])
        if (abs(x[i] - y[i]) > tol * scale) exit 1
      }
    }
    END { if (na != nb) exit 1 }' "$1" "$2"
}
same_files() {  # same_files A B
  if [ -n "${PANOPTICON_REGRESSION_TOLERANCE:-}" ]; then
    near_same "$1" "$2" "$PANOPTICON_REGRESSION_TOLERANCE"
  else
    cmp -s "$1" "$2"
  fi
}
same_as_baseline() {  # same_as_baseline OUTPUT BASELINE
  case $1 in
    *.csv) same_files <(baseline_columns "$1" "$2") "$2" ;;
    *) same_files <(baseline_keys "$1" "$2") <(sed 's/,$//' "$2") ;;
  esac
}
# run_cases CASES_FILE BASELINE_PREFIX SWITCHES...
run_cases() {
  local cases=$1 prefix=$2
  shift 2
  while IFS='|' read -r name scenario sets; do
    [[ "$name" =~ ^[[:space:]]*(#|$) ]] && continue
    name=$(echo "$name" | xargs)
    args=()
    for s in $sets; do args+=(--set "$s"); done
    out="$work/$prefix$name"
    if ! "$bin" run "$root/$(echo "$scenario" | xargs)" --out "$out" "${args[@]}" "$@" \
        > /dev/null 2> "$work/stderr"; then
      echo "FAIL: $name: the run failed: $(cat "$work/stderr")"
      failed=1
      continue
    fi
    for f in ticks.csv summary.json; do
      baseline="$root/tests/regression/baselines/$prefix$name.${f}"
      if [ "${UPDATE_BASELINES:-0}" = 1 ] && [ -n "$prefix" ]; then cp "$out/$f" "$baseline"; fi
      # Model I's baselines byte for byte; the layer's in the columns and
      # metrics they hold.
      if { [ -z "$prefix" ] && ! cmp -s "$out/$f" "$baseline"; } ||
        { [ -n "$prefix" ] && ! same_as_baseline "$out/$f" "$baseline"; }; then
        echo "FAIL: $name: $f differs from tests/regression/baselines/$prefix$name.$f"
        diff "$out/$f" "$baseline" | head -5
        failed=1
      fi
    done
    checked=$((checked + 1))
  done < "$cases"
}
run_cases "$root/tests/regression/cases.txt" "" "${off[@]}"
run_cases "$root/tests/regression/layer-cases.txt" "layer-"
cases=$(cat "$root/tests/regression/cases.txt" "$root/tests/regression/layer-cases.txt" |
  grep -cvE '^[[:space:]]*(#|$)')
if [ "$checked" -lt "$cases" ]; then
  echo "FAIL: only $checked cases ran"
  failed=1
fi
if [ $failed = 0 ]; then
  if [ -n "${PANOPTICON_REGRESSION_TOLERANCE:-}" ]; then
    echo "ok: $checked runs identical to the baselines (Model I's byte for byte, the layer's" \
      "reals within a relative $PANOPTICON_REGRESSION_TOLERANCE)"
  else
    echo "ok: $checked runs byte-identical to the baselines"
  fi
fi
exit $failed
