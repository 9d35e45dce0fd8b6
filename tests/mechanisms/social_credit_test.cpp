// Property tests of social_credit (src/mechanisms/social_credit.cpp; mechanisms.md
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

}  // namespace
}  // namespace panopticon
