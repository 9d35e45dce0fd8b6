#include "panopticon/placement.hpp"

#include <cmath>

namespace panopticon {

namespace {

// Uniform on [0,1) with 24 bits, exactly representable as a float.
float unit_float(std::uint32_t word) {
  return static_cast<float>(word >> 8U) * 0x1.0p-24F;
}

std::uint64_t round_count(double density, std::uint64_t cells) {
  return static_cast<std::uint64_t>(std::llround(density * static_cast<double>(cells)));
}

}  // namespace

InitialLayout initial_layout(const Scenario& scenario, const Torus& torus,
                             const RandomStreams& streams) {
  const std::uint64_t n_cells = torus.cell_count();
  InitialLayout out;
  if (scenario.rules.placement == Placement::kExact) {
    const std::uint64_t n_cops = round_count(scenario.cop_density.value_at(0), n_cells);
    const std::uint64_t n_citizens =
        std::min(round_count(scenario.citizen_density, n_cells), n_cells - n_cops);
    // A partial Fisher-Yates shuffle of the cells: the first n_cops take a
    // cop, the next n_citizens a citizen (NetLogo places cops first).
    std::vector<CellIndex> cells(n_cells);
    for (std::uint64_t i = 0; i < n_cells; ++i) cells[i] = static_cast<CellIndex>(i);
    Draws draws(streams, Purpose::kPlacement, 0, 0);
    const std::uint64_t taken = n_cops + n_citizens;
    for (std::uint64_t i = 0; i < taken; ++i) {
      const std::uint64_t j = i + draws.next_below(static_cast<std::uint32_t>(n_cells - i));
      std::swap(cells[i], cells[j]);
    }
    out.cop_cells.assign(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(n_cops));
    out.citizen_cells.assign(cells.begin() + static_cast<std::ptrdiff_t>(n_cops),
                             cells.begin() + static_cast<std::ptrdiff_t>(taken));
  } else {
    const double c = scenario.citizen_density;
    const double cc = c + scenario.cop_density.value_at(0);
    for (std::uint64_t i = 0; i < n_cells; ++i) {
      Draws draws(streams, Purpose::kPlacement, 0, static_cast<std::uint32_t>(i));
      const double u = draws.next_unit();
      if (u < c) {
        out.citizen_cells.push_back(static_cast<CellIndex>(i));
      } else if (u < cc) {
        out.cop_cells.push_back(static_cast<CellIndex>(i));
      }
    }
  }
  return out;
}

std::pair<float, float> citizen_traits(const RandomStreams& streams, std::uint32_t id) {
  Draws hd(streams, Purpose::kHardship, 0, id);
  Draws rd(streams, Purpose::kRiskAversion, 0, id);
  return {unit_float(hd.next_u32()), unit_float(rd.next_u32())};
}

}  // namespace panopticon
