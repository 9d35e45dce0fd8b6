#pragma once
// Sampling designs of a sweep over the unit hypercube: every value is in
// [0, 1] and the sweep maps it onto a parameter's range (sweep_plan.hpp).
// Rows are design points, columns factors. Every design is a pure function
// of its arguments: the same plan gives the same points on any machine.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace panopticon {

using UnitDesign = std::vector<std::vector<double>>;

// Latin hypercube (McKay, Beckman and Conover 1979): `points` rows; each
// column has exactly one value in each of the `points` equal strata of
// [0, 1], at a uniform position within it, the strata shuffled
// independently per column. Draws from the counter-based stream keyed by
// `seed` (random.hpp; the stream named "design.latin_hypercube", so a
// sweep's design seed equal to a model seed shares no draws with the
// model). Throws std::invalid_argument for no points or no factors.
UnitDesign latin_hypercube(std::size_t points, std::size_t factors, std::uint64_t seed);

// The most factors saltelli_design() takes: GSL's Sobol sequence has 40
// dimensions, and the design uses two per factor.
constexpr std::size_t kMaxSobolFactors = 20;

// Saltelli's (2010) design for first-order and total Sobol indices, as
// SALib's saltelli/sobol sampler lays it out without second order: base
// rows j = 0 .. base - 1 of GSL's 2k-dimensional Sobol sequence, after
// skipping its first `skip` points; A_j is the first k coordinates, B_j the
// last k; then for each j the rows A_j, AB_j^1 .. AB_j^k (A_j with column i
// taken from B_j), B_j: base * (k + 2) rows. GSL's sequence starts at
// (1/2, ..., 1/2), not at the origin. Throws std::invalid_argument for more
// than kMaxSobolFactors factors or none, or for no base rows.
UnitDesign saltelli_design(std::size_t base, std::size_t factors, std::size_t skip);

// Morris's (1991) elementary-effects design: `trajectories` trajectories of
// factors + 1 rows each, on a grid of `levels` levels (an even number >= 2)
// {0, 1/(levels-1), ..., 1}, with the step delta = levels / (2 (levels -
// 1)): each trajectory starts at a random grid point from which a move of
// +delta or -delta stays on [0, 1], then changes one factor at a time by
// +-delta, in a random order. Rows are trajectory-major. Since delta is
// levels / 2 grid steps, every grid level is such a start: each factor's
// level is uniform on the grid, and it moves up from the lower half of the
// levels and down from the upper half (SALib's trajectories, whose base
// point is in the lower half and whose signs are random, are the same
// distribution). Draws from the stream keyed by `seed` (named
// "design.morris"). Throws std::invalid_argument for an odd or too small
// `levels`, or no trajectories or factors.
UnitDesign morris_design(std::size_t trajectories, std::size_t factors, int levels,
                         std::uint64_t seed);
// Morris's step on the unit scale for `levels` levels (even, >= 2; throws
// std::invalid_argument otherwise).
double morris_delta(int levels);

}  // namespace panopticon
