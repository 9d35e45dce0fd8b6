#pragma once
// A world's countries spread over MPI ranks (`mpirun -n N panopticon
// world ...`): each rank runs the simulations of its countries, and after
// every year the measured rows reach every rank, which all keep the whole
// world's book and decide the same offers from the same draws. The outputs
// are those of one process, bit for bit. Only this file and its .cpp know
// MPI; panopticon_mpi links them.
#include <mpi.h>

#include <vector>

#include "panopticon/world.hpp"
#include "panopticon/world_run.hpp"

namespace panopticon::mpi {

// Rank r's countries: the largest (in agents) first, each to the rank with
// the fewest agents so far (ties: the lowest rank), so the ranks' work is
// balanced and the split depends on the world only.
std::vector<bool> countries_of_rank(const WorldSpec& world, int rank, int ranks);

// Sets options.owned, share_year and share_hashes for this rank of `comm`
// (which must outlive the world's run).
void spread_world(const WorldSpec& world, WorldOptions& options, MPI_Comm comm);

}  // namespace panopticon::mpi
