#!/usr/bin/env bash
# `mpirun -n N panopticon world`: the countries spread over 2 and 3 ranks
# give the tables of one process bit for bit; a checkpoint is refused
# under MPI, naming why; a directory held by another run is refused on
# rank 0 before any rank runs, and the job ends with status 2.
#   mpi_world_test.sh BIN (panopticon_mpi beside it)
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source "$(dirname "$0")/mpi_env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
printf '[dissent]\nenabled = true\n' >importer.toml
printf '[dissent]\nenabled = true\n[cameras]\nenabled = true\n' >exporter.toml
{
  printf '[world]\nmode = "simulated"\nstart_year = 2008\nend_year = 2012\nburn_in_years = 1\n'
  printf 'ticks_per_year = 20\nexporter = "China"\n[pull]\nbase = 0.3\n[push]\noffer_at = 0.0\n'
  printf '[[country]]\nname = "China"\nscenario = "exporter.toml"\nregion = "Asia"\n'
  printf 'population = 1e9\npersons_per_agent = 1e6\nopenness = 0.05\n'
  for c in A B C D E; do
    printf '[[country]]\nname = "%s"\nscenario = "importer.toml"\nregion = "R"\n' "$c"
    printf 'population = 8e6\npersons_per_agent = 1e4\nopenness = 0.3\nbelt_and_road = true\n'
  done
} >world.toml
"$bin" world world.toml --out one --replicates 2 --threads 1 >one.txt 2>&1 || fail "one process: $(cat one.txt)"
for n in 2 3; do
  if ! mpirun_n "$n" "$bin" world world.toml --out "ranks-$n" --replicates 2 >"ranks-$n.txt" 2>&1; then
    if grep -q "mpirun\|ORTE\|PMIx" "ranks-$n.txt" && [ ! -d "ranks-$n" ]; then
      echo "SKIP: mpirun cannot start $n ranks here:"
      cat "ranks-$n.txt"
      exit 77
    fi
    fail "$n ranks: $(cat "ranks-$n.txt")"
    continue
  fi
  grep -q "on $n MPI rank(s)" "ranks-$n.txt" || fail "$n ranks: the summary says $(cat "ranks-$n.txt")"
  for t in adoptions.csv offers.csv changes.csv country_years.csv regions.csv compare.csv compare_summary.csv; do
    cmp -s "one/$t" "ranks-$n/$t" || fail "$t differs between 1 process and $n ranks"
  done
done
mpirun_n 2 "$bin" world world.toml --out resumed --resume >resume.txt 2>&1
[ $? -eq 2 ] || fail "--resume under MPI was not refused with status 2"
grep -q "not checkpointed" resume.txt || fail "--resume under MPI says: $(cat resume.txt)"
[ "$(grep -c '^error' resume.txt)" -eq 1 ] || fail "more than one rank printed the error: $(cat resume.txt)"
# A directory another process holds (a lock taken by flock here).
mkdir held
( flock 9; sleep 5 ) 9>held/.panopticon.lock &
sleep 0.3
timeout 60 mpirun --oversubscribe --bind-to none -n 2 "$bin" world world.toml --out held >held.txt 2>&1
status=$?
[ "$status" -eq 2 ] || fail "a held directory under MPI gave status $status: $(cat held.txt)"
wait
[ "$failures" -eq 0 ] && echo "mpi_world_test: all passed"
exit $((failures > 0))
