#!/usr/bin/env bash
# Runs per second of an ensemble of Run 2 (40x40, 1,000 ticks; RUNS runs,
# default 1000) as one sweep: on 1 worker, on 2 workers, and on 2 MPI ranks;
# prints each and the parallel efficiency (runs/s on N / (N x runs/s on 1)).
# The tables of the three are compared: they must be identical.
#   bench/sweep_ensemble.sh BUILD_DIR [RUNS]
set -euo pipefail
build=$(cd "$1" && pwd)
runs=${2:-1000}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/plan.toml" <<PLAN
[sweep]
scenario = "$src/scenarios/epstein-2002/run2.toml"
design = "factorial"
replicates = $runs
metrics = ["peak_active", "outbursts", "total_arrests", "waiting_time_mean"]
[set]
"model.steps" = 1000
[[vary]]
key = "legitimacy.initial"
values = [0.82]
PLAN
rate() { sed -n 's/.*(\([0-9.]*\) s, \([0-9.e+]*\) runs\/s.*/\2/p' "$1"; }
"$build/panopticon" sweep "$work/plan.toml" --out "$work/w1" --workers 1 >"$work/w1.txt"
"$build/panopticon" sweep "$work/plan.toml" --out "$work/w2" --workers 2 >"$work/w2.txt"
# shellcheck source=tests/distributed/mpi_env.sh
source "$src/tests/distributed/mpi_env.sh"
mpirun --oversubscribe --bind-to none -n 2 "$build/panopticon" sweep "$work/plan.toml" \
  --out "$work/r2" >"$work/r2.txt"
for d in w2 r2; do
  cmp -s "$work/w1/runs.csv" "$work/$d/runs.csv" || { echo "$d: tables differ" >&2; exit 1; }
done
r1=$(rate "$work/w1.txt")
r2=$(rate "$work/w2.txt")
m2=$(rate "$work/r2.txt")
echo "ensemble of $runs runs of Run 2 (40x40, 1000 ticks)"
echo "1 worker:    $r1 runs/s"
echo "2 workers:   $r2 runs/s  efficiency $(awk -v a="$r2" -v b="$r1" 'BEGIN { printf "%.3f", a / (2 * b) }')"
echo "2 MPI ranks: $m2 runs/s  efficiency $(awk -v a="$m2" -v b="$r1" 'BEGIN { printf "%.3f", a / (2 * b) }')"
