#pragma once
// Two-level factorial designs of factors switched on (+1) and off (-1):
// the full 2^k design, and regular fractions 2^(k-p) of a chosen
// resolution, whose generators are found by search; and the main effects
// and two-way interactions such a design estimates (Box, Hunter and Hunter
// 2005, chapters 5 and 6).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace panopticon {

struct TwoLevelDesign {
  std::size_t factors = 0;
  // Runs x factors of +1 / -1, in standard order of the base factors.
  std::vector<std::vector<int>> rows;
  // Each added factor's generator: the base factors (indices) whose product
  // gives its column; empty for a full design.
  std::vector<std::vector<std::size_t>> generators;
  // The shortest word of the defining relation; 0 for a full design
  // (nothing is aliased).
  int resolution = 0;
};

// The full 2^k design (1 <= k <= 20; throws std::invalid_argument
// otherwise).
TwoLevelDesign full_factorial(std::size_t factors);

// The regular fraction with the fewest runs whose resolution is at least
// `resolution` (3, 4 or 5 and more), searched over generators (all
// generator sets where there are few, a greedy choice beyond); the full
// design when no fraction reaches it. Each generator is a set of at least
// two base factors, all distinct. Among the sets that reach the resolution
// it takes the one of minimum aberration: the lexicographically smallest
// word length pattern (A_1, A_2, ...), which puts the highest resolution
// first, then the fewest words of that length (so 9 factors asked for V
// get the 2^(9-2) of resolution VI); the first in lexicographic order of
// generators on ties. The search is exhaustive (branch and bound) where
// there are at most 2e6 generator sets (and 2^28 products to check); beyond,
// the greedy choice (each generator in turn the one giving the smallest
// pattern so far), then a branch and bound within a budget of 3e7 products
// that keeps whichever of the two is better, and finds one where the greedy
// choice finds none (it does for 15 to 17 factors at V, in 256 runs). The
// slowest call measured, 20 factors at III, took half a second. Throws
// std::invalid_argument for resolution < 3, no factors or more than 20.
TwoLevelDesign fractional_factorial(std::size_t factors, int resolution);

struct FactorialEffect {
  std::vector<std::size_t> term;  // one factor (main effect) or two (interaction)
  double effect = 0.0;            // mean response at +1 minus at -1 of the term's sign column
  double standard_error = 0.0;    // from the replicates' spread; NaN with one replicate
  // Which terms it is aliased with, among main effects and two-way
  // interactions (empty at resolution 5 and above, and for a full design),
  // main effects first, each group in lexicographic order.
  std::vector<std::vector<std::size_t>> aliases;
};

// Main effects and two-way interactions of `responses`, laid out
// run-major: responses[run * replicates + r]. The effect of a term is
// (2 / runs) * sum over runs of sign * mean response of the run; its
// standard error uses the pooled variance s^2 of the replicates within runs:
// sqrt(4 s^2 / (runs * replicates)). A NaN response makes the terms NaN.
// Terms come main effects first, then the interactions (i, j), i < j, in
// lexicographic order. Throws std::invalid_argument for no replicates, a
// responses length other than runs * replicates, rows of the wrong width or
// levels other than +-1, or generators that name a factor that is not a
// base factor.
std::vector<FactorialEffect> factorial_effects(const TwoLevelDesign& design,
                                               std::span<const double> responses,
                                               std::size_t replicates);

}  // namespace panopticon
