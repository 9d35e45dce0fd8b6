#!/usr/bin/env bash
# `panopticon world` end to end: --check; the tables; a second run into the
# same directory refused, --force replacing only the world's files; a run
# killed by SIGKILL at moments the clock picks and continued with --resume
# ends with the tables of an uninterrupted run; a resume of a changed world
# is refused; 1 and 2 threads give the same tables.
#   world_test.sh BIN
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
cd "$work" || exit 2
cat >importer.toml <<'TOML'
[dissent]
enabled = true
[cameras]
coverage = 0.2
TOML
cat >exporter.toml <<'TOML'
[dissent]
enabled = true
[cameras]
enabled = true
TOML
country() {
  cat <<TOML
[[country]]
name = "$1"
scenario = "importer.toml"
region = "$2"
population = 1e7
persons_per_agent = 8000
openness = $3
belt_and_road = true
strategic_value = 0.6
debt_exposure = 0.5
TOML
}
{
  cat <<'TOML'
[world]
mode = "simulated"
start_year = 2008
end_year = 2013
burn_in_years = 1
ticks_per_year = 26
exporter = "China"
[pull]
base = 0.3
[push]
offer_at = 0.0
[[country]]
name = "China"
scenario = "exporter.toml"
region = "Asia"
population = 1e9
persons_per_agent = 1e6
openness = 0.05
TOML
  country A Asia 0.2
  country B Asia 0.4
  country C Europe 0.6
  country D Europe 0.9
} >world.toml

tables="adoptions.csv offers.csv changes.csv country_years.csv regions.csv compare.csv compare_summary.csv"
same_tables() {  # DIR_A DIR_B WHAT
  for t in $tables; do
    cmp -s "$1/$t" "$2/$t" || fail "$3: $t differs"
  done
  diff <(grep -v '"panopticon"' "$1/world.json") <(grep -v '"panopticon"' "$2/world.json") >/dev/null ||
    fail "$3: world.json differs"
}

"$bin" world world.toml --check >check.txt 2>&1 || fail "--check failed: $(cat check.txt)"
grep -q "5 countries" check.txt || fail "--check does not list the countries: $(cat check.txt)"

"$bin" world world.toml --out whole --replicates 2 --threads 2 >whole.txt 2>&1 ||
  fail "the run failed: $(cat whole.txt)"
for t in $tables world.json; do [ -s "whole/$t" ] || fail "no $t"; done
[ ! -e whole/world.checkpoint ] || fail "a finished run left its checkpoint"
[ "$(tail -n +2 whole/adoptions.csv | wc -l)" -gt 0 ] || fail "nothing was adopted (the test needs adoptions)"

"$bin" world world.toml --out whole --replicates 2 >again.txt 2>&1
[ $? -eq 2 ] || fail "a second run into the same directory was not refused with status 2"
grep -q "holds a world's outputs already" again.txt || fail "the refusal says: $(cat again.txt)"
echo keep >whole/notes.txt
"$bin" world world.toml --out whole --replicates 2 --threads 1 --force >force.txt 2>&1 ||
  fail "--force failed: $(cat force.txt)"
[ -f whole/notes.txt ] || fail "--force deleted a file the program did not write"
mkdir -p one && cp whole/*.csv whole/world.json one/
"$bin" world world.toml --out two --replicates 2 --threads 2 >/dev/null 2>&1
same_tables one two "1 thread against 2"

# Killed at moments the clock picks, then resumed.
resumed=0
for delay in 0.2 0.5 0.9; do
  dir=killed-$delay
  "$bin" world world.toml --out "$dir" --replicates 2 --threads 1 >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ -f "$dir/world.checkpoint" ]; then
    "$bin" world world.toml --out "$dir" --replicates 2 >"$dir.txt" 2>&1 &&
      fail "a directory with a checkpoint was run into without --resume"
    grep -q "\-\-resume to continue it" "$dir.txt" || fail "the refusal says: $(cat "$dir.txt")"
    "$bin" world world.toml --out "$dir" --replicates 2 --resume >"$dir.txt" 2>&1 ||
      fail "--resume after a kill at ${delay}s failed: $(cat "$dir.txt")"
    same_tables one "$dir" "resumed after a kill at ${delay}s"
    resumed=$((resumed + 1))
  elif [ ! -f "$dir/world.json" ]; then
    echo "note: killed at ${delay}s before the first checkpoint"
  fi
done

[ "$resumed" -gt 0 ] || fail "no kill came after a checkpoint and before the end"

# A resume of a changed world is refused, naming why.
"$bin" world world.toml --out changed --replicates 2 --threads 1 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -f changed/world.checkpoint ] && break; sleep 0.05; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -f changed/world.checkpoint ]; then
  sed -i 's/end_year = 2013/end_year = 2014/' world.toml
  "$bin" world world.toml --out changed --replicates 2 --resume >changed.txt 2>&1
  [ $? -eq 2 ] || fail "a resume of a changed world was not refused with status 2"
  grep -q "another world" changed.txt || fail "the refusal says: $(cat changed.txt)"
else
  fail "no checkpoint after 5 s"
fi

[ "$failures" -eq 0 ] && echo "world_test: all passed"
exit $((failures > 0))
