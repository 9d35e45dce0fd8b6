// Property tests of cameras (src/mechanisms/cameras.cpp; mechanisms.md
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

// The prior a camera sets, held fixed (perception.mode = fixed): what it
// does while citizens believe it. Learned, the chill lasts only while
// records are followed by sanctions (tests/compliance/perception_test.cpp).
TEST(Cameras, MoreCoverageChillsDissentAndWidensTheFalsificationGap) {
  std::vector<double> dissent;
  std::vector<double> gap;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto low = run_model(layer_scenario(
        "[perception]\nmode = \"fixed\"\n[dissent]\nenabled = true\n[cameras]\nenabled = "
        "true\ncoverage = 0.1\n",
        seed, 100));
    auto high = run_model(layer_scenario(
        "[perception]\nmode = \"fixed\"\n[dissent]\nenabled = true\n[cameras]\nenabled = "
        "true\ncoverage = 0.6\n",
        seed, 100));
    dissent.push_back(column_mean(*high, "expressed_dissent") -
                      column_mean(*low, "expressed_dissent"));
    gap.push_back(column_mean(*high, "falsification_gap") - column_mean(*low, "falsification_gap"));
  }
  const auto d = paired(dissent);
  const auto g = paired(gap);
  EXPECT_LT(d.mean + 3 * d.se, 0.0) << d.mean << " +- " << d.se;
  EXPECT_GT(g.mean - 3 * g.se, 0.0) << g.mean << " +- " << g.se;
}

TEST(Cameras, NoFalseMatchesMeansNoRecordOfTheBlameless) {
  for (const char* errors : {"fmr = 0\nfmr_ambient = 0\n", "fmr = 0.2\nfmr_ambient = 0.01\n"}) {
    std::uint64_t camera_events = 0;
    std::uint64_t blameless = 0;
    for (int seed = 1; seed <= 4; ++seed) {
      run_model(layer_scenario(std::string("[dissent]\nenabled = true\n[cameras]\nenabled = "
                                           "true\ncoverage = 0.5\n") +
                                   errors,
                               seed, 100),
                [&](const Model& m) {
                  const Society& s = m.compliance()->society();
                  for (const ObservationEvent& e : s.events) {
                    if (e.channel != Channel::kCamera) continue;
                    ++camera_events;
                    blameless += s.history[e.agent] == 0 ? 1U : 0U;
                  }
                });
    }
    ASSERT_GT(camera_events, 100U);
    if (std::string(errors).starts_with("fmr = 0\n")) {
      EXPECT_EQ(blameless, 0U);
    } else {
      EXPECT_GT(blameless, 0U);
    }
  }
}

}  // namespace
}  // namespace panopticon
