// Property tests of id_card (src/mechanisms/id_card.cpp; mechanisms.md
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

TEST(IdCard, BenefitOnlyWithoutRecentRecords) {
  std::uint64_t paid = 0;
  std::uint64_t withheld = 0;
  run_model(layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = "
                           "0.5\n[id_card]\nenabled = true\nenrolment = 1\nbenefit = 0.1\n"
                           "window = 10\n",
                           1, 100),
            [&](const Model& m) {
              const Society& s = m.compliance()->society();
              for (std::uint32_t id = 0; id < s.citizens; ++id) {
                if (!s.at_liberty(id)) {  // paid to holders at liberty only
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                  continue;
                }
                const bool recent = s.tick - s.last_record[id] <= 10;
                if (recent) {
                  ++withheld;
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                } else {
                  ++paid;
                  ASSERT_EQ(s.hardship_delta[id], -0.1F);
                }
              }
            });
  EXPECT_GT(paid, 0U);
  EXPECT_GT(withheld, 0U);
}

}  // namespace
}  // namespace panopticon
