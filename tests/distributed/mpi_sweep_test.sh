#!/usr/bin/env bash
# A sweep across MPI ranks (distributed_sweep.hpp): `mpirun -n N panopticon
# sweep` hands over to panopticon_mpi, and its tables are those of the same
# sweep in one process, for 1, 2 and 3 ranks; killed inside a store write,
# or by losing a rank to SIGKILL, and started again, it finishes without
# redoing a finished run and ends with the same tables; a bad plan ends
# every rank with the one message.
#   mpi_sweep_test.sh PANOPTICON PANOPTICON_MPI SOURCE_DIR
set -uo pipefail
bin=$1
mpi_bin=$2
src=$(cd "$3" && pwd)
# shellcheck source=tests/apps/check.sh
source "$src/tests/apps/check.sh"
# shellcheck source=tests/distributed/mpi_env.sh
source "$src/tests/distributed/mpi_env.sh"
# timeout runs programs, not shell functions: mpirun_n spelled out.
mpirun_args=(mpirun --oversubscribe --bind-to none -n)
skip_without_two_ranks "$mpi_bin" "$src/scenarios/epstein-2002/run2.toml"

cat >plan.toml <<PLAN
[sweep]
scenario = "$src/scenarios/epstein-2002/run2.toml"
design = "latin_hypercube"
samples = 12
replicates = 3
metrics = ["peak_active", "outbursts", "waiting_time_mean"]
series = true
[set]
"model.steps" = 150
[[vary]]
key = "legitimacy.initial"
min = 0.75
max = 0.9
[[vary]]
key = "jail.max_term"
min = 5
max = 30
PLAN
runs=36
same_tables() {  # DIR
  cmp -s one/runs.csv "$1/runs.csv" && cmp -s one/points.csv "$1/points.csv" &&
    diff -r one/series "$1/series" >/dev/null
}

"$bin" sweep plan.toml --out one >one.txt 2>&1
check "the sweep in one process" test -s one/runs.csv
for ranks in 1 2 3; do
  timeout 120 "${mpirun_args[@]}" "$ranks" "$bin" sweep plan.toml --out "ranks-$ranks" >"ranks-$ranks.txt" 2>&1
  check "$ranks rank(s): exit 0" test $? -eq 0
  check "$ranks rank(s): the tables of one process" same_tables "ranks-$ranks"
done
check "the ranks are named" grep -q "on 3 MPI rank(s)" ranks-3.txt

# A world plan: its runs across ranks are those of one process.
world_plan="$src/experiments/smoke/world-calibration.toml"
"$bin" sweep "$world_plan" --out world-one >world-one.txt 2>&1
check "a world plan in one process" test -s world-one/runs.csv
timeout 180 "${mpirun_args[@]}" 2 "$bin" sweep "$world_plan" --out world-two >world-two.txt 2>&1
check "a world plan on 2 ranks: exit 0" test $? -eq 0
same_world_tables() {
  cmp -s world-one/runs.csv world-two/runs.csv && cmp -s world-one/points.csv world-two/points.csv
}
check "a world plan on 2 ranks: the tables of one process" same_world_tables

# Killed inside rank 0's 10th store write: 9 runs kept, none torn.
PANOPTICON_FAULT_INJECT=kill-in-store-write=10 timeout 120 "${mpirun_args[@]}" 2 "$bin" sweep plan.toml \
  --out killed >killed.txt 2>&1
check "killed in a store write: the job failed" test $? -ne 0
timeout 120 "${mpirun_args[@]}" 2 "$bin" sweep plan.toml --out killed >resumed.txt 2>&1
check "and resumed: exit 0" test $? -eq 0
check "resumed: 9 runs from before" grep -q "27 ran now, 9 from before" resumed.txt
check "resumed: the tables of one process" same_tables killed

# A rank lost to SIGKILL halfway (runs ten times as long, so that the
# kill lands mid-sweep): the job ends; started again it finishes, with the
# tables of the same plan in one process.
sed 's/"model.steps" = 150/"model.steps" = 1500/' plan.toml >long.toml
timeout 300 "${mpirun_args[@]}" 3 "$mpi_bin" sweep long.toml --out lost >lost.txt 2>&1 &
job=$!
for _ in $(seq 1 200); do
  [ -s lost/sweep.sqlite ] && break
  sleep 0.05
done
sleep 1
for pid in $(pgrep -f "panopticon_mpi sweep long.toml --out lost"); do
  if tr '\0' '\n' </proc/"$pid"/environ 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then
    kill -9 "$pid"
  fi
done
wait "$job"
check "a lost rank ends the job" test $? -ne 0
timeout 300 "${mpirun_args[@]}" 2 "$bin" sweep long.toml --out lost >lost-resumed.txt 2>&1
check "lost rank: the rerun finishes" test $? -eq 0
check "lost rank: the rerun kept runs from before" grep -q "from before" lost-resumed.txt
"$bin" sweep long.toml --out long-one >long-one.txt 2>&1
same_long() { cmp -s long-one/runs.csv lost/runs.csv && cmp -s long-one/points.csv lost/points.csv; }
check "lost rank: the tables of one process" same_long

# A bad plan: every rank ends, rank 0 says why, once.
sed 's/replicates = 3/replicates = 0/' plan.toml >bad.toml
timeout 60 "${mpirun_args[@]}" 3 "$bin" sweep bad.toml --out bad >bad.txt 2>&1
check "a bad plan under mpirun: exit 2" test $? -eq 2
check "one message" test "$(grep -c '^error:' bad.txt)" -eq 1
check "it names the key" grep -q "replicates = 0: out of range" bad.txt
check "no directory left" test ! -e bad
finish
