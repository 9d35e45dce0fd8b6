#pragma once
// The countries of a world's [synthetic] table, drawn from its stated
// distributions by counter-based random numbers of its seed: the same
// table gives the same countries on any machine. Internal to src/world.
#include <vector>

#include "panopticon/world.hpp"

namespace panopticon {

// Appends spec.count countries named S001, S002, ..., in spec.regions
// regions R01, R02, ... (country k in region k mod regions; its
// neighbours are its region's other countries).
void append_synthetic_countries(const SyntheticCountries& spec, std::vector<CountrySpec>& out);

// A draw of `d` from a uniform u in [0, 1) (inverse transform).
double draw_from(const Distribution& d, double u);

}  // namespace panopticon
