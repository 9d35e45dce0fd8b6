// One definition per metric (docs/outputs.md): the outbursts of a run's
// summary and of the layer's window metrics are the same outbursts, on any
// lattice, under either outputs.outburst_scale.
#include "panopticon/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "layer_fixture.hpp"
#include "panopticon/summary.hpp"

namespace panopticon {
namespace {

TEST(OutburstDefinition, ThresholdScalesWithThePopulationOrStands) {
  Scenario s = parse_scenario("[model]\nsteps = 1\n", "scale.toml");
  EXPECT_TRUE(s.outburst_scaled);  // the default
  EXPECT_EQ(s.outburst_actives(1120), 50);
  EXPECT_EQ(s.outburst_actives(1126), 50);  // more than 50.27 actives is more than 50
  EXPECT_EQ(s.outburst_actives(1100), 49);
  EXPECT_EQ(s.outburst_actives(7000), 312);
  EXPECT_EQ(s.outburst_actives(0), 0);
  s = parse_scenario("[outputs]\noutburst_scale = \"absolute\"\noutburst_threshold = 40\n",
                     "absolute.toml");
  EXPECT_EQ(s.outburst_actives(1120), 40);
  EXPECT_EQ(s.outburst_actives(28000), 40);
}

// On a lattice of another size than Epstein's, the summary's outbursts and
// waits are the whole-run window's, tick for tick the same runs of ticks.
TEST(OutburstDefinition, SummaryAndWindowMetricsCountTheSameOutbursts) {
  for (const std::string scale : {"population", "absolute"}) {
    for (int seed = 1; seed <= 3; ++seed) {
      const Scenario s =
          parse_scenario("[model]\nsteps = 400\nseed = " + std::to_string(seed) +
                             "\n[lattice]\nwidth = 90\nheight = 90\n[dissent]\nenabled = true\n"
                             "[outputs]\noutburst_scale = \"" +
                             scale + "\"\n",
                         "outbursts.toml");
      auto model = testing::run_model(s);
      const auto citizens = static_cast<double>(model->citizen_count());
      const RunSummary summary = summarize(model->results(), s.outburst_actives(citizens));
      const auto v = window_metrics(model->results(), headcount_of(*model), s,
                                    TickWindow{1, s.steps, "whole_run"});
      ASSERT_EQ(model->results().at(0, model->results().slot("active")), 0.0);  // row 0: none
      EXPECT_EQ(v[metric_index("outbursts")], static_cast<double>(summary.outbursts.size()))
          << scale << " seed " << seed;
      if (summary.waiting_time.mean) {
        EXPECT_DOUBLE_EQ(v[metric_index("outburst_waiting_time")], *summary.waiting_time.mean)
            << scale << " seed " << seed;
      }
      if (scale == "population") {
        EXPECT_EQ(summary.outburst_threshold, static_cast<std::int64_t>(50.0 * citizens / 1120.0));
      } else {
        EXPECT_EQ(summary.outburst_threshold, 50);
      }
      EXPECT_GT(summary.outbursts.size(), 0U) << scale << " seed " << seed;
    }
  }
}

}  // namespace
}  // namespace panopticon
