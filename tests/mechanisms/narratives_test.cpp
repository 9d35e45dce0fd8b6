// Property tests of narratives (src/mechanisms/narratives.cpp; mechanisms.md
// section 2): behaviours the model must have, over enough seeds that the
// stated tolerance (in standard errors of paired differences) holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

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

TEST(Narratives, RaiseMeanLegitimacy) {
  std::vector<double> diff;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto with = run_model(
        layer_scenario("[narratives]\nenabled = true\nrepression_erosion = 0\n", seed, 100));
    Scenario off = layer_scenario("", seed, 100);
    off.compliance_forced = true;
    auto plain = run_model(off);
    diff.push_back(column_mean(*with, "mean_legitimacy") - column_mean(*plain, "mean_legitimacy"));
  }
  const auto d = paired(diff);
  EXPECT_GT(d.mean - 3 * d.se, 0.0) << d.mean << " +- " << d.se;
}

// A narrative saturates: it carries no citizen above min(1, L + headroom)
// (contagion and backlash only lower L_i). With headroom 1, as before issue
// 11, it pushes toward 1 and citizens pass that ceiling.
TEST(Narratives, SaturateBelowTheCeiling) {
  for (const double headroom : {0.05, 1.0}) {
    double highest = 0.0;
    run_model(layer_scenario("[narratives]\nenabled = true\nreach = 0.5\nboost = 0.2\n"
                             "repression_erosion = 0\nheadroom = " +
                                 std::to_string(headroom) + "\n",
                             1, 300),
              [&](const Model& m) {
                const Society& s = m.compliance()->society();
                for (std::uint32_t id = 0; id < s.citizens; ++id) {
                  highest = std::max(highest, s.legitimacy_of(id));
                }
              });
    if (headroom < 1.0) {
      EXPECT_LE(highest, 0.82 + headroom + 1e-6);
    } else {
      EXPECT_GT(highest, 0.82 + 0.05 + 0.01);
    }
  }
}

// What a narrative gave fades once it stops (dissent.shift_decay): 1,000
// ticks after narratives end, mean legitimacy is back within 0.01 of L;
// with shifts that never fade it stays raised.
TEST(Narratives, GainsFadeAfterTheyStop) {
  for (const char* decay : {"0.005", "0"}) {
    auto m = run_model(layer_scenario(std::string("[dissent]\nshift_decay = ") + decay +
                                          "\n[narratives]\nenabled = true\nend_tick = 200\n"
                                          "repression_erosion = 0\nrepression_doubt = 0\n",
                                      1, 1200));
    const double mean = m->results().at(1200, m->results().slot("mean_legitimacy"));
    if (std::string(decay) == "0") {
      EXPECT_GT(mean, 0.82 + 0.02);
    } else {
      EXPECT_NEAR(mean, 0.82, 0.01);
    }
  }
}

}  // namespace
}  // namespace panopticon
