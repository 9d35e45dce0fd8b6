#pragma once
// Where agents start, and the traits citizens are born with. Shared by both
// engines, so that random-sequential and synchronous runs of one scenario
// and seed start from the same population.
#include <utility>
#include <vector>

#include "panopticon/lattice.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

struct InitialLayout {
  std::vector<CellIndex> citizen_cells;  // citizen i starts on citizen_cells[i]
  std::vector<CellIndex> cop_cells;
};

// rules.placement = exact: round(density x cells) of each kind on a uniformly
// random set of cells, cops first; binomial: each cell independently a
// citizen (p = citizen density), else a cop (p = cop density), else empty.
InitialLayout initial_layout(const Scenario& scenario, const Torus& torus,
                             const RandomStreams& streams);

// Hardship H and risk aversion R of citizen `id`, each U(0,1) with 24 bits.
std::pair<float, float> citizen_traits(const RandomStreams& streams, std::uint32_t id);

}  // namespace panopticon
