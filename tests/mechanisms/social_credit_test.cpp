// Property tests of social_credit (src/mechanisms/social_credit.cpp; mechanisms.md
// section 2): behaviours the model must have, over enough seeds that the
// stated tolerance (in standard errors of paired differences) holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/society.hpp"

namespace panopticon {
namespace {

using testing::column_mean;
using testing::layer_scenario;
using testing::paired;
using testing::run_model;

[[maybe_unused]] constexpr int kSeeds = 12;

TEST(SocialCredit, BlacklistedCitizensCarryTheBlacklistHardship) {
  std::uint64_t blacklisted = 0;
  run_model(layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = "
                           "0.5\n[social_credit]\nenabled = true\nblacklist_hardship = 0.25\n"
                           "redlist = 1e9\n",
                           1, 150),
            [&](const Model& m) {
              const Society& s = m.compliance()->society();
              for (std::uint32_t id = 0; id < s.citizens; ++id) {
                if (s.blacklisted[id] != 0) {
                  ++blacklisted;
                  ASSERT_EQ(s.hardship_delta[id], 0.25F);
                  ASSERT_EQ(s.sanction_hardship[id], 0.25F);
                  ASSERT_EQ(s.hardship(id), std::min(1.0F, s.hardship0[id] + 0.25F));
                } else {
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                }
              }
            });
  EXPECT_GT(blacklisted, 0U);
}

TEST(SocialCredit, TheListingThresholdChangesWhileTheModelRuns) {
  // list_at is live (the viewer's listing-threshold slider): lowered to 1
  // at tick 60, one recorded violation lists a citizen from then on, and
  // more are listed than on the same run left at 3.
  const Scenario scenario = layer_scenario(
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = 0.6\n"
      "[social_credit]\nenabled = true\n",
      3, 120);
  auto kept = make_model(scenario);
  kept->run(60);
  auto lowered = kept->clone();
  lowered->set_parameter("social_credit.list_at", "1");
  EXPECT_THROW(lowered->set_parameter("social_credit.list_at", "0"), ScenarioError);
  kept->run_to_end();
  lowered->run_to_end();
  const auto listed = [](const Model& m) {
    const auto column = m.results().column("social_credit_blacklisted");
    double sum = 0.0;
    for (std::size_t t = 61; t < column.size(); ++t) sum += column[t];
    return sum;
  };
  EXPECT_GT(listed(*lowered), listed(*kept));
  EXPECT_EQ(kept->results().row(60)[0], lowered->results().row(60)[0]);
}

}  // namespace
}  // namespace panopticon
