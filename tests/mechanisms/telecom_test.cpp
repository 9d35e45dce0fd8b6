// Property tests of telecom (src/mechanisms/telecom.cpp; mechanisms.md
// section 2): behaviours the model must have, over enough seeds that the
// stated tolerance (in standard errors of paired differences) holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/society.hpp"

namespace panopticon {
namespace {

using testing::column_mean;
using testing::layer_scenario;
using testing::paired;
using testing::run_model;

[[maybe_unused]] constexpr int kSeeds = 12;

TEST(Telecom, ShutdownStopsContagionWhileItLasts) {
  std::uint64_t down_ticks = 0;
  std::uint64_t up_ticks_with_contagion = 0;
  for (int seed = 1; seed <= 4; ++seed) {
    run_model(layer_scenario("[dissent]\nenabled = true\n[telecom]\nenabled = true\n"
                             "shutdown_at = 0.02\nshutdown_ticks = 5\n",
                             seed, 200),
              [&](const Model& m) {
                const auto row = m.results().last_row();
                const bool down = row[testing::column("telecom_down")] != 0.0;
                const double contagion = row[testing::column("telecom_contagion")];
                if (down) {
                  ++down_ticks;
                  EXPECT_EQ(contagion, 0.0);
                  EXPECT_EQ(row[testing::column("telecom_events")], 0.0);
                  EXPECT_EQ(row[testing::column("telecom_monitored_links")], 0.0);
                } else if (contagion > 0.0) {
                  ++up_ticks_with_contagion;
                }
              });
  }
  EXPECT_GT(down_ticks, 0U);
  EXPECT_GT(up_ticks_with_contagion, 0U);
}

}  // namespace
}  // namespace panopticon
