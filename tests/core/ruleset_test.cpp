#include "panopticon/ruleset.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "panopticon/arrest.hpp"

namespace panopticon {
namespace {

constexpr double kK = 2.3;

TEST(ArrestProbability, ThreeCopsFourActives) {
  EXPECT_EQ(arrest_probability(RatioRule::kFloor, kK, 3, 4), 0.0);
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 3, 4), 1.0 - std::exp(-2.3));
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kLiteral, kK, 3, 4), 1.0 - std::exp(-1.725));
}

TEST(ArrestProbability, OneCopTwoActivesRoundsHalfToEvenZero) {
  EXPECT_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 1, 2), 0.0);
  EXPECT_EQ(arrest_probability(RatioRule::kFloor, kK, 1, 2), 0.0);
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kLiteral, kK, 1, 2), 1.0 - std::exp(-1.15));
}

TEST(ArrestProbability, RoundHalfEvenOnOtherHalves) {
  // 3/2 = 1.5 -> 2; 5/2 = 2.5 -> 2; 7/2 = 3.5 -> 4 (Python's round).
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 3, 2), 1.0 - std::exp(-4.6));
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 5, 2), 1.0 - std::exp(-4.6));
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 7, 2), 1.0 - std::exp(-9.2));
  EXPECT_DOUBLE_EQ(arrest_probability(RatioRule::kRoundHalfEven, kK, 5, 3), 1.0 - std::exp(-4.6));
}

TEST(ArrestProbability, EpsteinsCalibrationPointIsNinetyPercent) {
  EXPECT_NEAR(arrest_probability(RatioRule::kLiteral, kK, 1, 1), 0.8997, 1e-4);
  EXPECT_EQ(arrest_probability(RatioRule::kFloor, kK, 0, 1), 0.0);
}

TEST(ArrestProbability, TableEqualsTheFormulaBitForBit) {
  for (auto rule : {RatioRule::kFloor, RatioRule::kRoundHalfEven, RatioRule::kLiteral}) {
    const ArrestProbability table(rule, kK, 40);
    for (std::uint32_t c = 0; c < 90; ++c) {
      for (std::uint32_t a = 1; a < 90; ++a) {
        ASSERT_EQ(table(c, a), arrest_probability(rule, kK, c, a)) << c << "/" << a;
      }
    }
  }
}

TEST(RuleSet, NamesRoundTrip) {
  for (auto n : {RuleSetName::kPaper, RuleSetName::kNetLogo, RuleSetName::kMesa}) {
    EXPECT_EQ(rule_set_from_string(to_string(n)), n);
  }
  EXPECT_FALSE(rule_set_from_string("repast").has_value());
}

TEST(RuleSet, PresetsFollowTheReferenceTable) {
  const RuleSet n = preset(RuleSetName::kNetLogo);
  EXPECT_EQ(n.vision_shape, VisionShape::kEuclidean);
  EXPECT_TRUE(n.vision_includes_own_cell);
  EXPECT_EQ(n.self_count, SelfCount::kTwiceIfActive);
  EXPECT_EQ(n.ratio, RatioRule::kFloor);
  EXPECT_EQ(n.jail_countdown, JailCountdown::kEndOfTick);
  EXPECT_TRUE(n.cop_steps_onto_arrestee);
  const RuleSet m = preset(RuleSetName::kMesa);
  EXPECT_EQ(m.vision_shape, VisionShape::kVonNeumann);
  EXPECT_FALSE(m.vision_includes_own_cell);
  EXPECT_EQ(m.ratio, RatioRule::kRoundHalfEven);
  EXPECT_EQ(m.order, TurnOrder::kActThenMove);
  EXPECT_EQ(m.placement, Placement::kBinomial);
  EXPECT_TRUE(m.jailed_block_cell);
  EXPECT_EQ(preset(RuleSetName::kPaper).ratio, RatioRule::kLiteral);
}

}  // namespace
}  // namespace panopticon
