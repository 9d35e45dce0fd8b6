#include "panopticon/summary.hpp"

#include <gtest/gtest.h>

namespace panopticon {
namespace {

std::vector<TickCounts> series(const std::vector<std::uint64_t>& actives) {
  std::vector<TickCounts> rows;
  for (std::size_t t = 0; t < actives.size(); ++t) {
    rows.push_back({.tick = static_cast<std::int64_t>(t), .active = actives[t], .jailed = t});
  }
  return rows;
}

TEST(Summary, OutburstsWaitsAndActivation) {
  //                 t: 0  1   2   3  4  5  6   7   8   9  10
  const auto rows = series({0, 60, 70, 10, 0, 0, 51, 50, 80, 90, 20});
  const RunSummary s = summarize(rows, 50);
  ASSERT_EQ(s.outbursts.size(), 3U);
  EXPECT_EQ(s.outbursts[0].start, 1);
  EXPECT_EQ(s.outbursts[0].end, 2);
  EXPECT_EQ(s.outbursts[0].activation, 130U);
  EXPECT_EQ(s.outbursts[1].activation, 51U);
  EXPECT_EQ(s.outbursts[2].activation, 170U);
  // Waits: ticks 3..5 (3) and tick 7 (1).
  EXPECT_EQ(s.waiting_time.n, 2U);
  EXPECT_DOUBLE_EQ(*s.waiting_time.mean, 2.0);
  EXPECT_NEAR(*s.waiting_time.sd, 1.41421356, 1e-6);
  EXPECT_DOUBLE_EQ(*s.activation.mean, 117.0);
  EXPECT_EQ(s.peak_active, 90U);
  EXPECT_EQ(s.peak_active_tick, 9);
  EXPECT_EQ(s.final_jailed, 10U);
}

TEST(Summary, AnOutburstStillOnAtTheEndCounts) {
  const RunSummary s = summarize(series({0, 100, 100}), 50);
  ASSERT_EQ(s.outbursts.size(), 1U);
  EXPECT_EQ(s.outbursts[0].end, 2);
  EXPECT_FALSE(s.waiting_time.mean.has_value());
  EXPECT_FALSE(s.activation.sd.has_value());
}

TEST(Summary, NoOutburstsNoStatistics) {
  const RunSummary s = summarize(series({0, 10, 50, 3}), 50);
  EXPECT_TRUE(s.outbursts.empty());
  EXPECT_EQ(s.activation.n, 0U);
  EXPECT_EQ(s.peak_active, 50U);
}

}  // namespace
}  // namespace panopticon
