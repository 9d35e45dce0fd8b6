#pragma once
// Global sensitivity estimators over the outputs of a design (design.hpp),
// named and laid out as SALib's, so that users can check one against the
// other: Sobol first-order and total indices (S1 by Saltelli et al. 2010,
// ST by Jansen 1999, the variance of the A and B rows together), and
// Morris's elementary effects (mu, mu_star, sigma). Confidence intervals
// are bootstrap: the estimator over `resamples` resamples of the base rows
// (Sobol) or the trajectories (Morris) with replacement, their sample
// standard deviation times the normal quantile of (1 + conf_level) / 2, as
// SALib's *_conf; NaN with fewer than two resamples. Resampling draws from
// the counter-based stream keyed by `seed`. A NaN output makes every index
// it enters NaN. Throws std::invalid_argument for a conf_level outside
// (0, 1).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "panopticon/design.hpp"

namespace panopticon {

struct BootstrapOptions {
  std::size_t resamples = 1000;
  double conf_level = 0.95;  // in (0, 1)
  std::uint64_t seed = 0;
};

struct SobolIndices {
  std::vector<double> S1, S1_conf, ST, ST_conf;  // one per factor
};
// `outputs` in saltelli_design()'s row order: base * (factors + 2) values.
// As SALib, the outputs are first centred on their mean (S1's estimator is
// not invariant to a shift of the output), and every resample uses the same
// base rows for all factors and both indices. The centring and the variance
// involve every output, so one NaN makes all indices NaN; constant outputs
// (no variance) give NaN too. Throws std::invalid_argument when the length
// does not match, for no factors, or no base rows.
SobolIndices sobol_indices(std::span<const double> outputs, std::size_t factors,
                           const BootstrapOptions& options);

struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma, mu_star_conf;  // one per factor
};
// `design` and `outputs` row for row, as morris_design() made them; the
// elementary effect of a step is the change in output over the signed step
// on the unit scale (as SALib's, whose inputs are scaled from the unit
// hypercube too). sigma is the sample standard deviation (NaN with one
// trajectory). mu_star_conf resamples each factor's trajectories on its own
// (as SALib). Throws std::invalid_argument when the shapes do not match, or
// when two consecutive rows of a trajectory do not differ in exactly one
// factor, or a factor moves twice in one trajectory.
MorrisIndices morris_indices(const UnitDesign& design, std::span<const double> outputs,
                             std::size_t factors, const BootstrapOptions& options);

// The standard normal quantile (Acklam's algorithm refined by one Halley
// step: within 1e-12 of the exact value), for the intervals. -inf at 0,
// +inf at 1, NaN outside [0, 1].
double normal_quantile(double p);

}  // namespace panopticon
