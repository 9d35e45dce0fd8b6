#include "panopticon/export_model.hpp"

#include <gtest/gtest.h>

#include <random>

namespace panopticon {
namespace {

// Property tests: over many random inputs (std::mt19937_64, fixed seeds),
// each rule moves the acceptance probability in the direction the sources
// give, and never outside [0, 1].
class AcceptanceProperty : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  PullInputs random_inputs(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    PullInputs in;
    in.unrest = unit(rng);
    in.crime = unit(rng);
    in.demonstration = unit(rng);
    in.neighbours = unit(rng);
    in.openness = unit(rng) * 0.95;  // below 1, where the regime terms still weigh
    in.price = unit(rng);
    return in;
  }
  PullParameters pull;
};

TEST_P(AcceptanceProperty, RisesWithUnrestDemonstrationAndNeighboursFallsWithOpennessAndPrice) {
  std::mt19937_64 rng(GetParam());
  std::uniform_real_distribution<double> step(0.01, 0.3);
  for (int trial = 0; trial < 2000; ++trial) {
    const PullInputs in = random_inputs(rng);
    const double p = acceptance_probability(pull, in);
    ASSERT_GE(p, 0.0);
    ASSERT_LE(p, 1.0);
    const double d = step(rng);
    PullInputs more = in;
    more.unrest = std::min(1.0, in.unrest + d);
    EXPECT_GT(acceptance_probability(pull, more), p) << "unrest " << in.unrest;
    more = in;
    more.demonstration = std::min(1.0, in.demonstration + d);
    EXPECT_GT(acceptance_probability(pull, more), p) << "demonstration " << in.demonstration;
    more = in;
    more.neighbours = std::min(1.0, in.neighbours + d);
    EXPECT_GT(acceptance_probability(pull, more), p) << "neighbours " << in.neighbours;
    more = in;
    more.crime = std::min(1.0, in.crime + d);
    EXPECT_GT(acceptance_probability(pull, more), p) << "crime " << in.crime;
    more = in;
    more.openness = std::min(1.0, in.openness + d);
    EXPECT_LT(acceptance_probability(pull, more), p) << "openness " << in.openness;
    more = in;
    more.price = std::min(1.0, in.price + d);
    EXPECT_LT(acceptance_probability(pull, more), p) << "price " << in.price;
  }
}

TEST_P(AcceptanceProperty, UnrestWeighsMoreInAutocracies) {
  // [S40]: autocracies and weak democracies import more in unrest years.
  std::mt19937_64 rng(GetParam());
  for (int trial = 0; trial < 2000; ++trial) {
    PullInputs in = random_inputs(rng);
    in.unrest = 0.0;
    PullInputs unrest = in;
    unrest.unrest = 1.0;
    PullInputs open = in;
    open.openness = std::min(1.0, in.openness + 0.3);
    PullInputs open_unrest = open;
    open_unrest.unrest = 1.0;
    EXPECT_GT(acceptance_rate(pull, unrest) - acceptance_rate(pull, in),
              acceptance_rate(pull, open_unrest) - acceptance_rate(pull, open));
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, AcceptanceProperty, ::testing::Values(1U, 2U, 3U));

TEST(Acceptance, ALiberalDemocracyWithoutUnrestOrCrimeNeverAccepts) {
  const PullParameters pull;
  for (const double g : {0.0, 0.5, 1.0}) {
    for (const double n : {0.0, 0.5, 1.0}) {
      for (const double price : {0.0, 1.0}) {
        EXPECT_EQ(acceptance_probability(pull, {0.0, 0.0, g, n, 1.0, price}), 0.0);
      }
    }
  }
  // ... but unrest or crime pull it too (Greitens [S64]).
  EXPECT_GT(acceptance_probability(pull, {0.5, 0.0, 0.0, 0.0, 1.0, 0.0}), 0.0);
  EXPECT_GT(acceptance_probability(pull, {0.0, 0.5, 0.0, 0.0, 1.0, 0.0}), 0.0);
}

TEST(Acceptance, IsOneMinusExpOfTheRateTimesThePriceFactor) {
  PullParameters pull;
  pull.base = 0.1;
  pull.unrest = 0.05;
  pull.crime = 0.05;
  pull.unrest_regime = 0.3;
  pull.demonstration = 0.1;
  pull.neighbours = 0.1;
  pull.openness_exponent = 2.0;
  pull.price_sensitivity = 0.5;
  const PullInputs in{0.2, 0.4, 0.3, 0.5, 0.25, 1.0};
  const double closed = 0.75 * 0.75;
  const double rate = 0.05 * 0.2 + 0.05 * 0.4 + closed * (0.1 + 0.3 * 0.2 + 0.1 * 0.3 + 0.1 * 0.5);
  EXPECT_DOUBLE_EQ(acceptance_rate(pull, in), rate);
  EXPECT_DOUBLE_EQ(acceptance_probability(pull, in), 1.0 - std::exp(-rate * 0.5));
}

TEST(Indices, UnrestIsTheShareOfTicksInOutburstsAndCrimeSaturates) {
  EXPECT_EQ(unrest_index(0.0, 52), 0.0);
  EXPECT_DOUBLE_EQ(unrest_index(13.0, 52), 0.25);
  EXPECT_EQ(unrest_index(60.0, 52), 1.0);
  const PullParameters pull;
  EXPECT_EQ(crime_index(pull, 0.0), 0.0);
  EXPECT_NEAR(crime_index(pull, pull.crime_reference), 1.0 - std::exp(-1.0), 1e-12);
}

TEST(Push, PriorityIsTheWeightedMeanAndSetsTheTerms) {
  PushParameters push;
  CountrySpec c;
  c.belt_and_road = true;
  c.strategic_value = 0.6;
  c.debt_exposure = 0.2;
  EXPECT_DOUBLE_EQ(push_priority(push, c, 0.4), (1.0 + 0.6 + 0.2 + 0.6) / 4.0);
  EXPECT_EQ(push_terms(push, 0.9), Terms::kFree);
  EXPECT_EQ(push_terms(push, 0.6), Terms::kPartlyFree);
  EXPECT_EQ(push_terms(push, 0.3), Terms::kPaid);
  // Strategic partners first: more of any attribute never lowers the priority.
  CountrySpec more = c;
  more.strategic_value = 0.9;
  EXPECT_GT(push_priority(push, more, 0.4), push_priority(push, c, 0.4));
}

TEST(Demonstration, IsTheAdoptersMeanGainPlusFadingShowcases) {
  EXPECT_DOUBLE_EQ(demonstrated_gain({100.0, 100.0}, {50.0}), 0.5);
  EXPECT_EQ(demonstrated_gain({100.0}, {150.0}), 0.0);  // no gain when unrest rose
  EXPECT_EQ(demonstrated_gain({}, {50.0}), 0.0);
  EXPECT_EQ(demonstrated_gain({0.0}, {0.0}), 0.0);
  const std::vector<Showcase> showcases = {{"Olympics", 2008, 0.4, 2.0, {}}};
  EXPECT_DOUBLE_EQ(demonstration_effect({0.2, 0.4}, {}, 2010), 0.3);
  EXPECT_DOUBLE_EQ(demonstration_effect({}, showcases, 2007), 0.0);
  EXPECT_DOUBLE_EQ(demonstration_effect({}, showcases, 2008), 0.4);
  EXPECT_DOUBLE_EQ(demonstration_effect({}, showcases, 2010), 0.2);
  EXPECT_EQ(demonstration_effect({1.0}, showcases, 2008), 1.0);  // at most 1
}

TEST(Training, MovesAShareOfTheWayToTheCeilingAndNeverLowers) {
  TrainingParameters t;
  t.rate = 0.25;
  EXPECT_DOUBLE_EQ(trained_value(t, 0.8, 0.96), 0.84);
  EXPECT_DOUBLE_EQ(trained_value(t, 0.97, 0.96), 0.97);
}

TEST(Financing, ReliefFirstThenDebtServiceOnTheLoanedShare) {
  FinancingParameters f;
  f.relief = 0.02;
  f.relief_years = 2;
  f.debt_service = 0.04;
  f.grace_years = 3;
  f.service_years = 2;
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2009), 0.0);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2010), -0.02);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2011), -0.02);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2012), 0.0);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2013), 0.04);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPartlyFree, 2010, 2014), 0.02);
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kFree, 2010, 2013), 0.0);  // a grant is no debt
  EXPECT_DOUBLE_EQ(financing_shift(f, Terms::kPaid, 2010, 2015), 0.0);
}

}  // namespace
}  // namespace panopticon
