#!/usr/bin/env bash
# A stalled rank ends the job (mpi_progress.hpp): one rank of three is
# stopped with SIGSTOP halfway through a run; within the progress timeout
# and its grace period the job ends with exit status 3 and a message naming
# the stopped rank, instead of the others waiting for ever, and the last
# checkpoint resumes to outputs byte-identical to an uninterrupted run.
#   mpi_stall_test.sh PANOPTICON PANOPTICON_MPI SOURCE_DIR
set -uo pipefail
bin=$1
mpi_bin=$2
src=$3
# shellcheck source=tests/apps/check.sh
source "$src/tests/apps/check.sh"
# shellcheck source=tests/distributed/mpi_env.sh
source "$src/tests/distributed/mpi_env.sh"

scenario=$src/scenarios/epstein-2002/run2.toml
skip_without_two_ranks "$mpi_bin" "$scenario"
args=(--set model.activation=synchronous --set model.threads=1 --set lattice.width=50
      --set lattice.height=120 --set citizens.vision=2 --set cops.vision=2 --steps 3000)
"$bin" run "$scenario" "${args[@]}" --out ref >/dev/null 2>&1
check "an uninterrupted run" test -s ref/summary.json

timeout=4
mpirun_n 3 "$mpi_bin" "$scenario" "${args[@]}" --checkpoint-every 20 --out stalled \
  --progress-timeout "$timeout" >stalled.txt 2>&1 &
job=$!
# Wait for a checkpoint, then stop rank 1 (found by the rank Open MPI puts
# in each process's environment).
for _ in $(seq 1 200); do
  [ -e stalled/checkpoint.bin ] && break
  sleep 0.05
done
victim=""
for pid in $(pgrep -f "panopticon_mpi .*--out stalled"); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then
    victim=$pid
  fi
done
check "rank 1 found while the job runs" test -n "$victim"
stopped_at=$SECONDS
[ -n "$victim" ] && kill -STOP "$victim"
# A watchdog: the job must end by itself well before this.
( sleep 90; kill -9 "$job"; pkill -9 -f "panopticon_mpi .*--out stalled" ) >/dev/null 2>&1 &
watchdog=$!
wait "$job"
rc=$?
took=$((SECONDS - stopped_at))
pkill -P "$watchdog" 2>/dev/null
kill "$watchdog" 2>/dev/null
pkill -9 -f "panopticon_mpi .*--out stalled" 2>/dev/null
check "the job ends with exit status 3 (got $rc)" test "$rc" -eq 3
check "within the timeout and its grace period ($took s)" test "$took" -le $((timeout + 2 + 20))
check "the message names the stopped rank" grep -q "rank 1 stopped answering" stalled.txt ||
  cat stalled.txt
check "and the timeout" grep -q "the progress timeout" stalled.txt
# The last checkpoint is intact: resumed (in one process), the outputs are
# the uninterrupted run's.
"$bin" resume stalled >/dev/null 2>resume.txt
check "the last checkpoint resumes" test $? -eq 0 || cat resume.txt
for f in ticks.csv summary.json; do
  check "resumed $f as the uninterrupted run's" cmp -s ref/$f stalled/$f
done
finish
