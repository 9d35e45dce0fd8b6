#include "panopticon/world_tables.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace panopticon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(WorldTables, ASummaryTakesItsMeansAndDifferenceOverTheSamePairs) {
  // Replicate 1 is undefined without exports: it says nothing, on either side.
  const std::vector<double> with{1.0, 100.0, 3.0};
  const std::vector<double> without{0.0, kNaN, 1.0};
  const WorldComparison c = summarise_pairs(with, without);
  EXPECT_EQ(c.replicates, 2U);
  EXPECT_DOUBLE_EQ(c.with, 2.0);
  EXPECT_DOUBLE_EQ(c.without, 0.5);
  EXPECT_DOUBLE_EQ(c.difference, c.with - c.without);
  EXPECT_DOUBLE_EQ(c.standard_error, 0.5);  // differences 1 and 2: sd 0.707 / sqrt 2
}

TEST(WorldTables, NoPairNoNumbers) {
  const std::vector<double> with{kNaN, 2.0};
  const std::vector<double> without{1.0, kNaN};
  const WorldComparison c = summarise_pairs(with, without);
  EXPECT_EQ(c.replicates, 0U);
  EXPECT_TRUE(std::isnan(c.with));
  EXPECT_TRUE(std::isnan(c.without));
  EXPECT_TRUE(std::isnan(c.difference));
}

}  // namespace
}  // namespace panopticon
