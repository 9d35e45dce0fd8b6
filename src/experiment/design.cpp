#include "panopticon/design.hpp"

#include <gsl/gsl_qrng.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <numeric>
#include <stdexcept>
#include <string>

#include "panopticon/random.hpp"

namespace panopticon {

namespace {

// What the designs draw for, each in a stream of its own (named below), so
// that a sweep seeded like the model never shares its numbers with it.
enum class DesignDraw : std::uint16_t {
  kStrataOrder = 1,  // the shuffle of a Latin hypercube column's strata
  kJitter = 2,       // the position within each stratum
  kTrajectory = 3,   // a Morris trajectory's start and order of moves
};

constexpr std::uint64_t kCounterLimit = std::numeric_limits<std::uint32_t>::max();

// Slots of the counter are 32 bits: one per column or trajectory.
std::uint32_t counter_slot(std::size_t value, const char* argument) {
  if (value > kCounterLimit) {
    throw std::invalid_argument(std::string(argument) + " must be at most " +
                                std::to_string(kCounterLimit) + ", got " + std::to_string(value));
  }
  return static_cast<std::uint32_t>(value);
}

// Fisher-Yates with exactly uniform indices: a uniformly random permutation
// of 0 .. n - 1.
std::vector<std::uint32_t> shuffled_indices(std::uint32_t n, Draws& draws) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  for (std::uint32_t i = n; i > 1; --i) {
    const std::uint32_t j = draws.next_below(i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

void check_levels(int levels) {
  if (levels < 2 || levels % 2 != 0) {
    throw std::invalid_argument("levels must be an even number >= 2, got " +
                                std::to_string(levels));
  }
}

struct QrngDeleter {
  void operator()(gsl_qrng* generator) const { gsl_qrng_free(generator); }
};

}  // namespace

UnitDesign latin_hypercube(std::size_t points, std::size_t factors, std::uint64_t seed) {
  if (points == 0) throw std::invalid_argument("points must be at least 1, got 0");
  if (factors == 0) throw std::invalid_argument("factors must be at least 1, got 0");
  const std::uint32_t point_count = counter_slot(points, "points");
  counter_slot(factors, "factors");
  const RandomStream stream = RandomStreams(seed).named("design.latin_hypercube");
  UnitDesign design(points, std::vector<double>(factors));
  const auto stratum_count = static_cast<double>(points);
  for (std::size_t column = 0; column < factors; ++column) {
    const auto slot = static_cast<std::uint32_t>(column);
    Draws order_draws(stream, DesignDraw::kStrataOrder, 0, slot);
    Draws jitter_draws(stream, DesignDraw::kJitter, 0, slot);
    const std::vector<std::uint32_t> strata = shuffled_indices(point_count, order_draws);
    for (std::size_t row = 0; row < points; ++row) {
      // (stratum + u) / points, u in [0, 1), correctly rounded: inside the
      // stratum, or at worst (u within 2^-53 of 1) on its upper edge.
      design[row][column] =
          (static_cast<double>(strata[row]) + jitter_draws.next_unit()) / stratum_count;
    }
  }
  return design;
}

UnitDesign saltelli_design(std::size_t base, std::size_t factors, std::size_t skip) {
  if (factors == 0 || factors > kMaxSobolFactors) {
    throw std::invalid_argument("factors must be 1 to " + std::to_string(kMaxSobolFactors) +
                                " (GSL's Sobol sequence has 40 dimensions, two per factor), got " +
                                std::to_string(factors));
  }
  if (base == 0) throw std::invalid_argument("base must be at least 1, got 0");
  const std::size_t dimensions = 2 * factors;
  const std::unique_ptr<gsl_qrng, QrngDeleter> generator(
      gsl_qrng_alloc(gsl_qrng_sobol, static_cast<unsigned int>(dimensions)));
  if (!generator) throw std::bad_alloc();
  std::vector<double> point(dimensions);
  for (std::size_t i = 0; i < skip; ++i) gsl_qrng_get(generator.get(), point.data());

  UnitDesign design;
  design.reserve(base * (factors + 2));
  for (std::size_t j = 0; j < base; ++j) {
    gsl_qrng_get(generator.get(), point.data());
    const std::vector<double> a(point.begin(),
                                point.begin() + static_cast<std::ptrdiff_t>(factors));
    const std::vector<double> b(point.begin() + static_cast<std::ptrdiff_t>(factors), point.end());
    design.push_back(a);
    for (std::size_t i = 0; i < factors; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      design.push_back(std::move(ab));
    }
    design.push_back(b);
  }
  return design;
}

double morris_delta(int levels) {
  check_levels(levels);
  return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

UnitDesign morris_design(std::size_t trajectories, std::size_t factors, int levels,
                         std::uint64_t seed) {
  check_levels(levels);
  if (trajectories == 0) throw std::invalid_argument("trajectories must be at least 1, got 0");
  if (factors == 0) throw std::invalid_argument("factors must be at least 1, got 0");
  counter_slot(trajectories, "trajectories");
  const std::uint32_t factor_count = counter_slot(factors, "factors");
  const auto level_count = static_cast<std::uint32_t>(levels);
  // delta is levels / 2 grid steps: from a level below levels / 2 the move
  // goes up, from the others down, so every grid level is a valid start and
  // its direction is fixed by it.
  const std::uint32_t step_levels = level_count / 2;
  const auto last_level = static_cast<double>(levels - 1);
  const RandomStream stream = RandomStreams(seed).named("design.morris");

  UnitDesign design;
  design.reserve(trajectories * (factors + 1));
  std::vector<std::uint32_t> level(factors);
  for (std::size_t t = 0; t < trajectories; ++t) {
    Draws draws(stream, DesignDraw::kTrajectory, 0, static_cast<std::uint32_t>(t));
    for (std::uint32_t& l : level) l = draws.next_below(level_count);
    const std::vector<std::uint32_t> moves = shuffled_indices(factor_count, draws);
    // Values as level / (levels - 1), correctly rounded: a grid value is
    // the same number whatever the path to it, and the top level is 1.0.
    std::vector<double> row(factors);
    for (std::size_t i = 0; i < factors; ++i) row[i] = static_cast<double>(level[i]) / last_level;
    design.push_back(row);
    for (const std::uint32_t factor : moves) {
      std::uint32_t& l = level[factor];
      l = l < step_levels ? l + step_levels : l - step_levels;
      row[factor] = static_cast<double>(l) / last_level;
      design.push_back(row);
    }
  }
  return design;
}

}  // namespace panopticon
