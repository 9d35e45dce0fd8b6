#include "panopticon/design.hpp"

#include <gsl/gsl_qrng.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <set>
#include <stdexcept>
#include <vector>

namespace panopticon {
namespace {

// The stratum of a value of an n-point Latin hypercube column.
std::size_t stratum_of(double value, std::size_t n) {
  const auto s = static_cast<std::size_t>(std::floor(value * static_cast<double>(n)));
  return std::min(s, n - 1);  // 1.0 is the top of the last stratum
}

TEST(LatinHypercube, OnePointPerStratumInEveryColumn) {
  for (const std::size_t points : {1U, 2U, 7U, 100U}) {
    const UnitDesign design = latin_hypercube(points, 5, 42);
    ASSERT_EQ(design.size(), points);
    for (std::size_t column = 0; column < 5; ++column) {
      std::vector<int> hits(points, 0);
      for (const std::vector<double>& row : design) {
        ASSERT_EQ(row.size(), 5U);
        const double v = row[column];
        ASSERT_GE(v, 0.0);
        ASSERT_LE(v, 1.0);
        ++hits[stratum_of(v, points)];
      }
      for (std::size_t s = 0; s < points; ++s) {
        EXPECT_EQ(hits[s], 1) << "points " << points << ", column " << column << ", stratum " << s;
      }
    }
  }
}

TEST(LatinHypercube, ColumnsAreShuffledIndependently) {
  const std::size_t points = 50;
  const UnitDesign design = latin_hypercube(points, 3, 1);
  std::set<std::vector<std::size_t>> orders;
  for (std::size_t column = 0; column < 3; ++column) {
    std::vector<std::size_t> order;
    for (const std::vector<double>& row : design) order.push_back(stratum_of(row[column], points));
    orders.insert(order);
  }
  // Three equal orders of 50 strata out of 50! would mean a shared shuffle.
  EXPECT_EQ(orders.size(), 3U);
}

TEST(LatinHypercube, DeterministicForASeedDifferentForAnother) {
  const UnitDesign first = latin_hypercube(20, 4, 123);
  EXPECT_EQ(first, latin_hypercube(20, 4, 123));
  const UnitDesign other = latin_hypercube(20, 4, 124);
  std::size_t equal = 0;
  for (std::size_t row = 0; row < 20; ++row) {
    for (std::size_t column = 0; column < 4; ++column) {
      if (first[row][column] == other[row][column]) ++equal;
    }
  }
  EXPECT_EQ(equal, 0U);
}

TEST(LatinHypercube, RejectsEmptyDesigns) {
  EXPECT_THROW(latin_hypercube(0, 3, 1), std::invalid_argument);
  EXPECT_THROW(latin_hypercube(3, 0, 1), std::invalid_argument);
}

TEST(SaltelliDesign, RowCountAndCrossedRows) {
  const std::size_t base = 16;
  const std::size_t factors = 3;
  const UnitDesign design = saltelli_design(base, factors, 8);
  ASSERT_EQ(design.size(), base * (factors + 2));
  std::vector<std::size_t> crossed(factors, 0);  // base rows where B_j differs from A_j
  for (std::size_t j = 0; j < base; ++j) {
    const std::vector<double>& a = design[j * (factors + 2)];
    const std::vector<double>& b = design[j * (factors + 2) + factors + 1];
    ASSERT_EQ(a.size(), factors);
    ASSERT_EQ(b.size(), factors);
    for (std::size_t i = 0; i < factors; ++i) {
      const std::vector<double>& ab = design[j * (factors + 2) + 1 + i];
      ASSERT_EQ(ab.size(), factors);
      for (std::size_t c = 0; c < factors; ++c) {
        // Column i from B, the others from A.
        EXPECT_EQ(ab[c], c == i ? b[c] : a[c]) << "base row " << j << ", AB^" << i << ", col " << c;
      }
      if (a[i] != b[i]) ++crossed[i];
    }
  }
  // A and B really differ, so that AB^i is neither (two dimensions of a
  // Sobol sequence share a coordinate now and then: 2 of these 16 rows).
  for (std::size_t i = 0; i < factors; ++i) EXPECT_GE(crossed[i], base * 3 / 4) << "factor " << i;
}

TEST(SaltelliDesign, BaseRowsAreGslSobolPointsAfterSkip) {
  // GSL's Sobol sequence starts at (1/2, ..., 1/2), then (3/4, 1/4, 3/4,
  // 1/4), (1/4, 3/4, 1/4, 3/4), (3/8, 3/8, 5/8, 1/8): A_j the first half, B_j
  // the second.
  const UnitDesign unskipped = saltelli_design(2, 2, 0);
  EXPECT_EQ(unskipped[0], (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(unskipped[3], (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(unskipped[4], (std::vector<double>{0.75, 0.25}));
  EXPECT_EQ(unskipped[7], (std::vector<double>{0.75, 0.25}));
  const UnitDesign skipped = saltelli_design(1, 2, 3);
  EXPECT_EQ(skipped[0], (std::vector<double>{0.375, 0.375}));
  EXPECT_EQ(skipped[3], (std::vector<double>{0.625, 0.125}));

  // And against GSL itself, for more dimensions and a larger skip.
  const std::size_t factors = 5;
  const std::size_t skip = 100;
  const std::size_t base = 64;
  const UnitDesign design = saltelli_design(base, factors, skip);
  gsl_qrng* generator = gsl_qrng_alloc(gsl_qrng_sobol, 2 * factors);
  ASSERT_NE(generator, nullptr);
  std::vector<double> point(2 * factors);
  for (std::size_t i = 0; i < skip; ++i) gsl_qrng_get(generator, point.data());
  for (std::size_t j = 0; j < base; ++j) {
    gsl_qrng_get(generator, point.data());
    const std::vector<double> a(point.begin(), point.begin() + factors);
    const std::vector<double> b(point.begin() + factors, point.end());
    EXPECT_EQ(design[j * (factors + 2)], a) << "base row " << j;
    EXPECT_EQ(design[j * (factors + 2) + factors + 1], b) << "base row " << j;
  }
  gsl_qrng_free(generator);
}

TEST(SaltelliDesign, RejectsFactorCountsGslCannotServe) {
  EXPECT_THROW(saltelli_design(4, 0, 0), std::invalid_argument);
  EXPECT_THROW(saltelli_design(4, kMaxSobolFactors + 1, 0), std::invalid_argument);
  EXPECT_THROW(saltelli_design(0, 3, 0), std::invalid_argument);
  EXPECT_EQ(saltelli_design(2, kMaxSobolFactors, 0).size(), 2 * (kMaxSobolFactors + 2));
}

TEST(MorrisDelta, HalfTheGridInSteps) {
  EXPECT_DOUBLE_EQ(morris_delta(2), 1.0);
  EXPECT_DOUBLE_EQ(morris_delta(4), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(morris_delta(6), 0.6);
  EXPECT_THROW(morris_delta(3), std::invalid_argument);
  EXPECT_THROW(morris_delta(0), std::invalid_argument);
}

TEST(MorrisDesign, TrajectoriesMoveOneFactorByDeltaOnTheGrid) {
  for (const int levels : {2, 4, 6}) {
    const std::size_t trajectories = 30;
    const std::size_t factors = 5;
    const double delta = morris_delta(levels);
    const UnitDesign design = morris_design(trajectories, factors, levels, 9);
    ASSERT_EQ(design.size(), trajectories * (factors + 1));
    for (const std::vector<double>& row : design) {
      ASSERT_EQ(row.size(), factors);
      for (const double v : row) {
        ASSERT_GE(v, 0.0);
        ASSERT_LE(v, 1.0);
        const double level = v * (levels - 1);
        EXPECT_NEAR(level, std::round(level), 1e-12) << "off the grid: " << v;
      }
    }
    for (std::size_t t = 0; t < trajectories; ++t) {
      std::vector<int> moves(factors, 0);
      for (std::size_t step = 1; step <= factors; ++step) {
        const std::vector<double>& before = design[t * (factors + 1) + step - 1];
        const std::vector<double>& after = design[t * (factors + 1) + step];
        int changed = 0;
        for (std::size_t i = 0; i < factors; ++i) {
          if (after[i] == before[i]) continue;
          ++changed;
          ++moves[i];
          EXPECT_NEAR(std::fabs(after[i] - before[i]), delta, 1e-12);
        }
        EXPECT_EQ(changed, 1) << "levels " << levels << ", trajectory " << t << ", step " << step;
      }
      for (std::size_t i = 0; i < factors; ++i) EXPECT_EQ(moves[i], 1);
    }
  }
}

TEST(MorrisDesign, StartsAnywhereOnTheGrid) {
  // 200 trajectories of 4 factors: each of the 4 levels should start some
  // (a level missing by chance has probability about 4 * (3/4)^800).
  const UnitDesign design = morris_design(200, 4, 4, 5);
  std::set<double> starts;
  for (std::size_t t = 0; t < 200; ++t) {
    for (const double v : design[t * 5]) starts.insert(v);
  }
  EXPECT_EQ(starts, (std::set<double>{0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0}));
}

TEST(MorrisDesign, DeterministicForASeedDifferentForAnother) {
  EXPECT_EQ(morris_design(10, 6, 4, 77), morris_design(10, 6, 4, 77));
  EXPECT_NE(morris_design(10, 6, 4, 77), morris_design(10, 6, 4, 78));
}

TEST(MorrisDesign, RejectsBadArguments) {
  EXPECT_THROW(morris_design(10, 3, 5, 1), std::invalid_argument);
  EXPECT_THROW(morris_design(0, 3, 4, 1), std::invalid_argument);
  EXPECT_THROW(morris_design(10, 0, 4, 1), std::invalid_argument);
}

}  // namespace
}  // namespace panopticon
