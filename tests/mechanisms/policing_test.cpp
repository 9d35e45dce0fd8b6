// Property tests of policing (src/mechanisms/policing.cpp; mechanisms.md
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

TEST(Policing, WarrantsArrestOnCameraRecords) {
  for (const double tech : {0.0, 0.8}) {
    const Scenario s = layer_scenario(
        "[legitimacy]\ninitial = 0.6\n[cameras]\nenabled = true\ncoverage = 0.5\ndeterrence = "
        "0\n[policing]\nenabled = true\ntech_level = " +
            std::to_string(tech) + "\n",
        1, 150);
    // The technology widens the cops' vision while policing is on.
    EXPECT_DOUBLE_EQ(s.cop_vision, 7.0);
    EXPECT_DOUBLE_EQ(make_model(s)->cop_vision(), 7.0 + tech * 2.0);
    double warrants = 0.0;
    run_model(s, [&](const Model& m) {
      warrants += m.results().last_row()[testing::column("policing_warrant_arrests")];
    });
    if (tech == 0.0) {
      EXPECT_EQ(warrants, 0.0);
    } else {
      EXPECT_GT(warrants, 0.0);
    }
  }
}

}  // namespace
}  // namespace panopticon
