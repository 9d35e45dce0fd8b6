#!/usr/bin/env bash
# Every shipped plan is valid (`sweep --check`), and every smoke plan in
# experiments/smoke/ runs to its tables: `sensitivity` for the sobol and
# morris designs (sensitivity.csv), `sweep` for the others.
#   experiments_smoke_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1
src=$(cd "$2" && pwd)
# shellcheck source=tests/apps/check.sh
source "$src/tests/apps/check.sh"
for plan in "$src"/experiments/*.toml "$src"/experiments/smoke/*.toml; do
  "$bin" sweep "$plan" --check >check.txt 2>&1
  check "$(basename "$plan"): --check" test $? -eq 0
done
for plan in "$src"/experiments/smoke/*.toml; do
  name=$(basename "$plan" .toml)
  command=sweep
  grep -Eq '^design = "(sobol|morris)"' "$plan" && command=sensitivity
  "$bin" "$command" "$plan" --out "$name" >"$name.txt" 2>&1
  check "smoke $name: $command exits 0" test $? -eq 0
  check "smoke $name: runs.csv and points.csv" test -s "$name/runs.csv" -a -s "$name/points.csv"
  if [ "$command" = sensitivity ]; then
    check "smoke $name: sensitivity.csv" test -s "$name/sensitivity.csv"
  fi
  if grep -q '^design = "two_level"' "$plan"; then
    check "smoke $name: effects.csv" test -s "$name/effects.csv"
  fi
done
finish
