#!/usr/bin/env bash
# One simulation across MPI ranks (panopticon_mpi) gives the same state, tick
# by tick, for 1, 2 and 4 ranks, and the same output files as one process
# (`panopticon run`), under each rule-set, on a lattice where cops, actives
# and jail are all busy and citizens cross strip borders thousands of times.
#   mpi_test.sh PANOPTICON PANOPTICON_MPI SOURCE_DIR
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
for rs in paper netlogo mesa; do
  args=(--set model.ruleset=$rs --set model.activation=synchronous --set model.threads=1
        --set lattice.width=50 --set lattice.height=240 --set citizens.vision=2
        --set cops.vision=2 --set legitimacy.initial=0.7 --set jail.max_term=15 --steps 400)
  "$bin" run "$scenario" "${args[@]}" --out "$rs-single" >/dev/null 2>&1
  check "$rs: one process runs" test -s "$rs-single/summary.json"
  for n in 1 2 4; do
    mpirun_n "$n" "$mpi_bin" "$scenario" "${args[@]}" --out "$rs-$n" --hashes "$rs-$n.hashes" \
      >"$rs-$n.txt" 2>&1
    check "$rs: $n ranks exit 0" test $? -eq 0
    check "$rs: $n ranks, a hash per tick" test "$(wc -l <"$rs-$n.hashes")" -eq 401
    for f in ticks.csv summary.json metadata.json; do
      check "$rs: $n ranks, $f as one process" cmp -s "$rs-single/$f" "$rs-$n/$f"
    done
  done
  check "$rs: 2 ranks, every tick's hash as 1" cmp -s "$rs-1.hashes" "$rs-2.hashes"
  check "$rs: 4 ranks, every tick's hash as 1" cmp -s "$rs-1.hashes" "$rs-4.hashes"
  crossings=$(sed -n 's/.*crossing strip borders: \([0-9]*\).*/\1/p' "$rs-4.txt")
  check "$rs: citizens cross strip borders many times ($crossings)" test "${crossings:-0}" -gt 1000
  arrests=$(sed -n 's/.* \([0-9]*\) arrests$/\1/p' "$rs-4.txt")
  check "$rs: cops arrest ($arrests)" test "${arrests:-0}" -gt 1000
done

# Two threads in each of two ranks: still the same.
args=(--set model.activation=synchronous --set model.threads=2 --set lattice.width=50
      --set lattice.height=240 --set citizens.vision=2 --set cops.vision=2
      --set legitimacy.initial=0.7 --steps 200)
mpirun_n 2 "$mpi_bin" "$scenario" "${args[@]}" --out threads-2x2 --hashes t22.hashes >/dev/null 2>&1
mpirun_n 1 "$mpi_bin" "$scenario" "${args[@]}" --set model.threads=1 --out threads-1 \
  --hashes t1.hashes >/dev/null 2>&1
check "2 ranks x 2 threads as 1 rank x 1 thread" cmp -s t22.hashes t1.hashes

# Cop schedules: Run 5's withdrawal of cops, and a ramp up to a lattice 98%
# full (where new cops often need the search of every empty cell).
run5=$src/scenarios/epstein-2002/run5.toml
for ramp in "--set cops.final_density=0.01" \
            "--set cops.density=0.02 --set cops.final_density=0.28 --set jail.max_term=10"; do
  read -r -a ramp_args <<<"$ramp"
  args=(--set model.activation=synchronous --set model.threads=1 --set lattice.width=50
        --set lattice.height=240 --set citizens.vision=2 --set cops.vision=2 "${ramp_args[@]}"
        --steps 500)
  "$bin" run "$run5" "${args[@]}" --out sched-single >/dev/null 2>&1
  for n in 2 4; do
    mpirun_n "$n" "$mpi_bin" "$run5" "${args[@]}" --out "sched-$n" >/dev/null 2>&1
    check "cop schedule ($ramp): $n ranks as one process" \
      cmp -s sched-single/ticks.csv "sched-$n/ticks.csv"
  done
  first=$(sed -n 2p sched-single/ticks.csv | cut -d, -f5)
  last=$(tail -1 sched-single/ticks.csv | cut -d, -f5)
  check "cop schedule ($ramp): cops change ($first to $last)" test "$first" -ne "$last"
done

# Checkpoints: killed in its second checkpoint on 2 ranks, a run resumes on
# 4 ranks, or in one process, and ends as the uninterrupted run; a run
# killed in one process resumes on 2 ranks.
args=(--set model.activation=synchronous --set model.threads=1 --set lattice.width=50
      --set lattice.height=240 --set citizens.vision=2 --set cops.vision=2
      --set legitimacy.initial=0.7 --set jail.max_term=15 --steps 400)
"$bin" run "$scenario" "${args[@]}" --out ckpt-ref >/dev/null 2>&1
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=2 mpirun_n 2 "$mpi_bin" "$scenario" "${args[@]}" \
  --out ckpt-2 --checkpoint-every 100 >/dev/null 2>&1
check "2 ranks killed in a checkpoint" test -s ckpt-2/checkpoint.bin
cp -r ckpt-2 ckpt-2-copy
mpirun_n 2 "$mpi_bin" "$scenario" "${args[@]}" --set citizens.k=2.2 --out ckpt-2 --resume \
  >/dev/null 2>err.txt
check "resume with another scenario: exit 2" test $? -eq 2
check "resume with another scenario: names the difference" grep -qF "k = 2.2" err.txt ||
  echo "  got: $(cat err.txt)"
mpirun_n 4 "$mpi_bin" "$scenario" "${args[@]}" --out ckpt-2 --resume >/dev/null 2>&1
check "resumed on 4 ranks: exit 0" test $? -eq 0
"$bin" resume ckpt-2-copy >/dev/null 2>&1
check "resumed in one process: exit 0" test $? -eq 0
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run "$scenario" "${args[@]}" --out ckpt-1 \
  --checkpoint-every 100 >/dev/null 2>&1
check "one process killed in a checkpoint leaves a torn write" \
  compgen -G "ckpt-1/checkpoint.bin.partial-*"
mpirun_n 2 "$mpi_bin" "$scenario" "${args[@]}" --out ckpt-1 --resume >/dev/null 2>&1
check "one process's checkpoint resumed on 2 ranks: exit 0" test $? -eq 0
check "resumed on 2 ranks: the torn write is removed" \
  test -z "$(compgen -G 'ckpt-1/checkpoint.bin.partial-*')"
for f in ticks.csv summary.json metadata.json; do
  check "resumed on 4 ranks: $f as uninterrupted" cmp -s ckpt-ref/$f ckpt-2/$f
  check "resumed in one process: $f as uninterrupted" cmp -s ckpt-ref/$f ckpt-2-copy/$f
  check "resumed on 2 ranks: $f as uninterrupted" cmp -s ckpt-ref/$f ckpt-1/$f
done
check "the checkpoint is removed at the end" test ! -e ckpt-2/checkpoint.bin
mpirun_n 2 "$mpi_bin" "$scenario" "${args[@]}" --set citizens.k=2.2 --out ckpt-2-copy --resume \
  >/dev/null 2>err.txt
check "resume of a finished run: exit 2" test $? -eq 2

# What cannot be split is refused with exit status 2 and a reason.
expect_refusal() {  # expect_refusal NAME MESSAGE RANKS ARGS...
  local name=$1 message=$2 n=$3
  shift 3
  mpirun_n "$n" "$mpi_bin" "$scenario" "$@" --out refused >out.txt 2>err.txt
  local rc=$?
  check "$name: exit status 2 (got $rc)" test "$rc" -eq 2
  check "$name: message" grep -qF -- "$message" err.txt || echo "  got: $(cat err.txt)"
}
expect_refusal "random-sequential" 'needs model.activation = "synchronous"' 2 --steps 5
expect_refusal "too many ranks" "a 40-row lattice is too short for 2 MPI ranks" 2 \
  --set model.activation=synchronous --steps 5
expect_refusal "compliance layer" "dissent.enabled = true: the dissent layer and the mechanisms do not run across MPI ranks yet" 2 \
  --set model.activation=synchronous --set dissent.enabled=true --steps 5
expect_refusal "a mechanism" "cameras.enabled = true: the dissent layer" 2 \
  --set model.activation=synchronous --set cameras.enabled=true --steps 5
expect_refusal "unwritable --hashes" "--hashes no/such/dir/h: cannot write the file" 2 \
  --set model.activation=synchronous --set lattice.height=200 --steps 5 \
  --hashes no/such/dir/h

finish
