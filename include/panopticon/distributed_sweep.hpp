#pragma once
// A sweep across MPI ranks (`mpirun -n N panopticon sweep PLAN`): rank 0
// holds the store and hands out runs one by one as ranks finish theirs,
// each rank two runs ahead so that none waits while rank 0 runs one of its
// own; every rank runs one run at a time, single-threaded. The rows, and so
// the tables, are those of a sweep in one process: who ran a run changes
// nothing in it (sweep.hpp). Series travel to rank 0 with their row, so the
// output directory need only be rank 0's.
#include <mpi.h>

#include <functional>
#include <string>

#include "panopticon/sweep.hpp"

namespace panopticon::mpi {

// Rank 0: runs the sweep across `comm`, rank 0 included, and tells every
// other rank to stop once nothing is left.
SweepResult coordinate_sweep(const SweepPlan& plan, const SweepOptions& options, MPI_Comm comm);

// Every rank but 0: runs what rank 0 hands out until it says stop. The plan
// is read (from `plan_path`) at the first run handed out, so that a rank
// that is only told to stop (rank 0 refused the plan) reads nothing.
void serve_sweep(const std::string& plan_path, MPI_Comm comm);

// Rank 0, when it stops before coordinating (a bad plan, a locked
// directory): tells every other rank to stop.
void release_sweep_ranks(MPI_Comm comm);

}  // namespace panopticon::mpi
