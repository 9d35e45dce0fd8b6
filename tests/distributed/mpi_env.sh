# Sourced by the MPI tests: Open MPI kept on this machine, and a skip (exit
# 77, which ctest shows as skipped) where its runtime cannot start two ranks.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=PASSIVE
# Ranks started locally (no ssh needed), shared memory and loopback only, no
# cross-memory attach (often denied in containers).
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
mpirun_n() { mpirun --oversubscribe --bind-to none -n "$@"; }

# skip_without_two_ranks MPI_BIN SCENARIO: a machine whose MPI runtime
# cannot start two ranks at all (no shared memory, say) skips the test
# loudly instead of failing every check for a reason that is not ours.
skip_without_two_ranks() {
  if ! mpirun_n 2 "$1" "$2" --set model.activation=synchronous --set lattice.height=120 \
      --set citizens.vision=2 --set cops.vision=2 --steps 1 --out probe >probe.txt 2>&1; then
    echo "SKIP: mpirun cannot start 2 ranks here:"
    cat probe.txt
    exit 77
  fi
}
