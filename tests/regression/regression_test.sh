#!/usr/bin/env bash
# Regression: with the dissent layer and every mechanism explicitly off, a
# run is exactly Epstein's Model I: ticks.csv and summary.json byte-identical
# to the baselines written by the engine before the compliance layer existed
# (commit 1fedd6f), for each rule-set and both engines.
#   regression_test.sh BIN SOURCE_DIR
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
while IFS='|' read -r name scenario sets; do
  name=$(echo "$name" | xargs)
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=()
  for s in $sets; do args+=(--set "$s"); done
  out="$work/$name"
  if ! "$bin" run "$root/$(echo "$scenario" | xargs)" --out "$out" "${args[@]}" "${off[@]}" \
      > /dev/null 2> "$work/stderr"; then
    echo "FAIL: $name: the run failed: $(cat "$work/stderr")"
    failed=1
    continue
  fi
  for f in ticks.csv summary.json; do
    if ! cmp -s "$out/$f" "$root/tests/regression/baselines/$name.${f}"; then
      echo "FAIL: $name: $f differs from tests/regression/baselines/$name.$f"
      diff "$out/$f" "$root/tests/regression/baselines/$name.$f" | head -5
      failed=1
    fi
  done
  checked=$((checked + 1))
done < "$root/tests/regression/cases.txt"
cases=$(grep -cvE '^[[:space:]]*(#|$)' "$root/tests/regression/cases.txt")
if [ "$checked" -lt "$cases" ]; then
  echo "FAIL: only $checked cases ran"
  failed=1
fi
[ $failed = 0 ] && echo "ok: $checked Model I runs byte-identical to the baselines"
exit $failed
