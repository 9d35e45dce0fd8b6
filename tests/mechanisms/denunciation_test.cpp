// Property tests of denunciation (src/mechanisms/denunciation.cpp; mechanisms.md
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

TEST(Denunciation, FalseReportsCreateMisattributedEvents) {
  for (const double p_false : {0.0, 0.02}) {
    std::uint64_t reports = 0;
    std::uint64_t misattributed = 0;
    run_model(layer_scenario("[dissent]\nenabled = true\n[denunciation]\nenabled = true\n"
                             "p_false = " +
                                 std::to_string(p_false) + "\n",
                             1, 100),
              [&](const Model& m) {
                for (const ObservationEvent& e : m.compliance()->society().events) {
                  if (e.channel != Channel::kDenunciation) continue;
                  ++reports;
                  misattributed += e.misattributed ? 1U : 0U;
                }
              });
    EXPECT_GT(reports, 0U) << p_false;
    if (p_false == 0.0) {
      EXPECT_EQ(misattributed, 0U);
    } else {
      EXPECT_GT(misattributed, 0U);
    }
  }
}

}  // namespace
}  // namespace panopticon
