#include "panopticon/two_level_design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

namespace panopticon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every column sums to zero and every pair of columns shows each of the
// four sign combinations runs / 4 times: main effects are orthogonal.
void expect_balanced_and_orthogonal(const TwoLevelDesign& design) {
  const std::size_t runs = design.rows.size();
  for (std::size_t i = 0; i < design.factors; ++i) {
    int sum = 0;
    for (const std::vector<int>& row : design.rows) sum += row[i];
    EXPECT_EQ(sum, 0) << "column " << i;
    for (std::size_t j = i + 1; j < design.factors; ++j) {
      std::array<std::array<int, 2>, 2> counts{};
      for (const std::vector<int>& row : design.rows)
        ++counts[row[i] > 0 ? 1 : 0][row[j] > 0 ? 1 : 0];
      for (const auto& pair : counts) {
        for (const int count : pair) {
          EXPECT_EQ(static_cast<std::size_t>(count), runs / 4) << "columns " << i << ", " << j;
        }
      }
    }
  }
}

// The resolution from the rows alone, not from the generators: the fewest
// columns whose elementwise product is constant (a word of the defining
// relation); 0 when no product of columns is.
int resolution_from_rows(const TwoLevelDesign& design) {
  const std::size_t k = design.factors;
  int shortest = 0;
  std::vector<std::size_t> subset;
  const std::function<void(std::size_t)> visit = [&](std::size_t next) {
    if (!subset.empty()) {
      bool constant = true;
      int first = 0;
      for (std::size_t run = 0; run < design.rows.size() && constant; ++run) {
        int product = 1;
        for (const std::size_t f : subset) product *= design.rows[run][f];
        if (run == 0) first = product;
        constant = product == first;
      }
      if (constant) {
        const auto length = static_cast<int>(subset.size());
        if (shortest == 0 || length < shortest) shortest = length;
      }
    }
    // Only shorter words than the shortest found can matter.
    if (shortest != 0 && static_cast<int>(subset.size()) + 1 >= shortest) return;
    for (std::size_t f = next; f < k; ++f) {
      subset.push_back(f);
      visit(f + 1);
      subset.pop_back();
    }
  };
  visit(0);
  return shortest;
}

TEST(FullFactorial, StandardOrderBalancedAndOrthogonal) {
  const TwoLevelDesign design = full_factorial(3);
  EXPECT_EQ(design.factors, 3U);
  EXPECT_EQ(design.resolution, 0);
  EXPECT_TRUE(design.generators.empty());
  const std::vector<std::vector<int>> yates = {{-1, -1, -1}, {1, -1, -1}, {-1, 1, -1}, {1, 1, -1},
                                               {-1, -1, 1},  {1, -1, 1},  {-1, 1, 1},  {1, 1, 1}};
  EXPECT_EQ(design.rows, yates);
  expect_balanced_and_orthogonal(full_factorial(6));
  EXPECT_EQ(full_factorial(10).rows.size(), 1024U);
}

struct FractionCase {
  std::size_t factors;
  int requested;
  std::size_t runs;
  int resolution;  // what minimum aberration reaches
};

TEST(FractionalFactorial, FewestRunsForTheResolution) {
  const std::vector<FractionCase> cases = {
      {9, 5, 128, 6},  // 2^(9-2)_VI: 64 runs hold at most 8 factors at V
      {5, 5, 16, 5},   // 2^(5-1)_V, I = ABCDE
      {7, 4, 16, 4},   // 2^(7-3)_IV
      {7, 3, 8, 3},    // 2^(7-4)_III, saturated
      {4, 3, 8, 4},    // 2^(4-1)_IV: asked for III, IV costs nothing more
      {8, 4, 16, 4},   // 2^(8-4)_IV
      {6, 3, 8, 3},    // 2^(6-3)_III
      {11, 5, 128, 5}, {15, 3, 16, 3},
      {16, 4, 32, 4},  {17, 5, 256, 5},  // beyond the exhaustive search: the budgeted one
      {20, 4, 64, 4},
  };
  for (const FractionCase& c : cases) {
    const TwoLevelDesign design = fractional_factorial(c.factors, c.requested);
    EXPECT_EQ(design.factors, c.factors);
    EXPECT_EQ(design.rows.size(), c.runs) << c.factors << " factors at " << c.requested;
    EXPECT_EQ(design.resolution, c.resolution) << c.factors << " factors at " << c.requested;
    EXPECT_EQ(resolution_from_rows(design), design.resolution)
        << c.factors << " factors at " << c.requested;
    EXPECT_EQ(design.generators.size() + static_cast<std::size_t>(std::log2(c.runs)), c.factors);
    for (const std::vector<int>& row : design.rows) ASSERT_EQ(row.size(), c.factors);
    expect_balanced_and_orthogonal(design);
  }
}

TEST(FractionalFactorial, HalfFractionOfFiveIsTheFullWord) {
  const TwoLevelDesign design = fractional_factorial(5, 5);
  ASSERT_EQ(design.generators.size(), 1U);
  EXPECT_EQ(design.generators[0], (std::vector<std::size_t>{0, 1, 2, 3}));  // E = ABCD
  for (const std::vector<int>& row : design.rows) {
    EXPECT_EQ(row[0] * row[1] * row[2] * row[3] * row[4], 1);
  }
}

TEST(FractionalFactorial, FullDesignWhenNoFractionReaches) {
  const TwoLevelDesign design = fractional_factorial(4, 5);
  EXPECT_EQ(design.rows.size(), 16U);
  EXPECT_EQ(design.resolution, 0);
  EXPECT_TRUE(design.generators.empty());
  EXPECT_EQ(design.rows, full_factorial(4).rows);
}

TEST(FractionalFactorial, Deterministic) {
  const TwoLevelDesign first = fractional_factorial(12, 4);
  const TwoLevelDesign again = fractional_factorial(12, 4);
  EXPECT_EQ(first.rows, again.rows);
  EXPECT_EQ(first.generators, again.generators);
}

TEST(FractionalFactorial, RejectsBadArguments) {
  EXPECT_THROW(fractional_factorial(5, 2), std::invalid_argument);
  EXPECT_THROW(fractional_factorial(21, 3), std::invalid_argument);
  EXPECT_THROW(fractional_factorial(0, 3), std::invalid_argument);
  EXPECT_THROW(full_factorial(21), std::invalid_argument);
}

// y = mean + sum of (effect / 2) * sign column: an effect is a difference of
// two means, so its coefficient is half of it.
std::vector<double> response(const TwoLevelDesign& design, double mean,
                             const std::vector<std::pair<std::vector<std::size_t>, double>>& terms,
                             std::size_t replicates = 1,
                             const std::vector<double>& replicate_offsets = {0.0}) {
  std::vector<double> y;
  for (const std::vector<int>& row : design.rows) {
    double value = mean;
    for (const auto& [factors, effect] : terms) {
      int sign = 1;
      for (const std::size_t f : factors) sign *= row[f];
      value += 0.5 * effect * sign;
    }
    for (std::size_t r = 0; r < replicates; ++r) y.push_back(value + replicate_offsets[r]);
  }
  return y;
}

const FactorialEffect& effect_of(const std::vector<FactorialEffect>& effects,
                                 const std::vector<std::size_t>& term) {
  for (const FactorialEffect& e : effects) {
    if (e.term == term) return e;
  }
  throw std::logic_error("no such term");
}

TEST(FactorialEffects, RecoversKnownEffectsExactly) {
  const std::vector<std::pair<std::vector<std::size_t>, double>> truth = {
      {{0}, 3.0}, {{2}, -2.0}, {{3}, 0.75}, {{0, 1}, 2.5}};
  // The full 2^4 and the 2^(5-1)_V, whose main effects and two-way
  // interactions are all clear.
  for (const TwoLevelDesign& design : {full_factorial(4), fractional_factorial(5, 5)}) {
    const std::vector<FactorialEffect> effects =
        factorial_effects(design, response(design, 10.0, truth), 1);
    const std::size_t k = design.factors;
    ASSERT_EQ(effects.size(), k + k * (k - 1) / 2);
    for (const FactorialEffect& e : effects) {
      double expected = 0.0;
      for (const auto& [term, effect] : truth) {
        if (term == e.term) expected = effect;
      }
      EXPECT_NEAR(e.effect, expected, 1e-12)
          << "term of " << e.term.size() << ", first " << e.term[0];
      EXPECT_TRUE(e.aliases.empty());
      EXPECT_TRUE(std::isnan(e.standard_error));  // one replicate
    }
    // Main effects first, then interactions in lexicographic order.
    EXPECT_EQ(effects[0].term, (std::vector<std::size_t>{0}));
    EXPECT_EQ(effects[k].term, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(effects[k + 1].term, (std::vector<std::size_t>{0, 2}));
  }
}

TEST(FactorialEffects, AliasedTermsAddUp) {
  // 2^(7-4)_III: D = AB, so the main effect of D is aliased with AB, and an
  // AB interaction shows in D's estimate.
  const TwoLevelDesign design = fractional_factorial(7, 3);
  ASSERT_EQ(design.generators[0], (std::vector<std::size_t>{0, 1}));
  const std::vector<FactorialEffect> effects =
      factorial_effects(design, response(design, 1.0, {{{3}, 4.0}, {{0, 1}, 1.5}}), 1);
  EXPECT_NEAR(effect_of(effects, {3}).effect, 5.5, 1e-12);
  EXPECT_NEAR(effect_of(effects, {0, 1}).effect, 5.5, 1e-12);
  const auto& d_aliases = effect_of(effects, {3}).aliases;
  EXPECT_NE(std::find(d_aliases.begin(), d_aliases.end(), std::vector<std::size_t>{0, 1}),
            d_aliases.end());
  // Resolution III: every main effect aliased with some interaction, none
  // with another main effect.
  for (std::size_t f = 0; f < 7; ++f) {
    const auto& aliases = effect_of(effects, {f}).aliases;
    EXPECT_FALSE(aliases.empty()) << "factor " << f;
    for (const auto& a : aliases) EXPECT_EQ(a.size(), 2U);
  }

  // 2^(7-3)_IV: main effects clear of each other and of interactions;
  // interactions aliased in chains, both ways.
  const TwoLevelDesign four = fractional_factorial(7, 4);
  const std::vector<FactorialEffect> four_effects =
      factorial_effects(four, std::vector<double>(16, 0.0), 1);
  for (const FactorialEffect& e : four_effects) {
    if (e.term.size() == 1) {
      EXPECT_TRUE(e.aliases.empty());
      continue;
    }
    EXPECT_FALSE(e.aliases.empty());
    for (const auto& a : e.aliases) {
      EXPECT_EQ(a.size(), 2U);
      const auto& back = effect_of(four_effects, a).aliases;
      EXPECT_NE(std::find(back.begin(), back.end(), e.term), back.end());
    }
  }
}

TEST(FactorialEffects, StandardErrorsFromReplicates) {
  const TwoLevelDesign design = full_factorial(3);
  const std::vector<std::pair<std::vector<std::size_t>, double>> truth = {{{1}, 2.0}};
  // Noise-free replicates: no spread, a standard error of 0.
  const std::vector<FactorialEffect> exact =
      factorial_effects(design, response(design, 5.0, truth, 3, {0.0, 0.0, 0.0}), 3);
  for (const FactorialEffect& e : exact) EXPECT_EQ(e.standard_error, 0.0);
  EXPECT_NEAR(effect_of(exact, {1}).effect, 2.0, 1e-12);
  // Replicates at mean +- d: s^2 = 2 d^2 in every run, so the standard error
  // is sqrt(4 * 2 d^2 / (8 * 2)) = d / sqrt(2); the effects stay exact.
  const double d = 0.3;
  const std::vector<FactorialEffect> noisy =
      factorial_effects(design, response(design, 5.0, truth, 2, {d, -d}), 2);
  for (const FactorialEffect& e : noisy) EXPECT_NEAR(e.standard_error, d / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(effect_of(noisy, {1}).effect, 2.0, 1e-12);
}

TEST(FactorialEffects, NanResponseMakesTermsNan) {
  const TwoLevelDesign design = full_factorial(3);
  std::vector<double> y = response(design, 5.0, {{{0}, 1.0}}, 2, {0.1, -0.1});
  y[5] = kNaN;
  for (const FactorialEffect& e : factorial_effects(design, y, 2)) {
    EXPECT_TRUE(std::isnan(e.effect));
    EXPECT_TRUE(std::isnan(e.standard_error));
  }
}

TEST(FactorialEffects, RejectsBadShapes) {
  const TwoLevelDesign design = full_factorial(3);
  EXPECT_THROW(factorial_effects(design, std::vector<double>(7, 0.0), 1), std::invalid_argument);
  EXPECT_THROW(factorial_effects(design, std::vector<double>(8, 0.0), 0), std::invalid_argument);
  TwoLevelDesign bad_level = design;
  bad_level.rows[2][1] = 0;
  EXPECT_THROW(factorial_effects(bad_level, std::vector<double>(8, 0.0), 1), std::invalid_argument);
  TwoLevelDesign bad_generator = fractional_factorial(4, 4);
  bad_generator.generators[0].push_back(3);  // names the added factor itself
  EXPECT_THROW(factorial_effects(bad_generator, std::vector<double>(8, 0.0), 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace panopticon
