// Ordinary offences (docs/MODEL.md, Public safety; include/panopticon/crime.hpp):
// the offence rate, its detection, the cameras' effect through deterrence
// alone, and that offences feed nothing back into the rest of the model.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "layer_fixture.hpp"
#include "panopticon/results_table.hpp"

namespace panopticon {
namespace {

using testing::layer_scenario;
using testing::run_model;

double column_sum(const Model& m, const std::string& name) {
  const ResultsTable& r = m.results();
  const ResultSlot c = r.slot(name);
  double total = 0.0;
  for (std::size_t t = 1; t < r.rows(); ++t) total += r.at(t, c);
  return total;
}

// Citizen-ticks at liberty over ticks 1..end.
double at_liberty(const Model& m) {
  return column_sum(m, "quiet") + column_sum(m, "dissent") + column_sum(m, "active");
}

std::string crime(const std::string& keys) {
  return "[crime]\n" + keys;
}

TEST(Crime, RateZeroCommitsNoOffences) {
  auto m = run_model(layer_scenario("[dissent]\nenabled = true\n" + crime("rate = 0\n"), 1, 100));
  EXPECT_EQ(column_sum(*m, "offences"), 0.0);
  EXPECT_EQ(column_sum(*m, "detected_offences"), 0.0);
}

// Without deterrence or hardship, each citizen at liberty offends with the
// rate: offences / citizen-ticks at liberty within 4% (relative) of it over
// 5 seeds (about 11,000 offences: a binomial standard error under 1%).
TEST(Crime, WithoutDeterrenceOffencesFollowTheRate) {
  for (const double rate : {0.002, 0.01}) {
    double offences = 0.0;
    double exposure = 0.0;
    for (int seed = 1; seed <= 5; ++seed) {
      auto m = run_model(layer_scenario(
          "[dissent]\nenabled = true\n" +
              crime("rate = " + std::to_string(rate) + "\ndeterrence = 0\nhardship_weight = 0\n"),
          seed, 200));
      offences += column_sum(*m, "offences");
      exposure += at_liberty(*m);
    }
    EXPECT_NEAR(offences / exposure / rate, 1.0, 0.04) << "rate " << rate;
  }
}

// Hardship raises the rate by 1 - w + 2 w H: offences over 5 seeds within
// 4% (relative) of rate x that factor summed over the citizens at liberty,
// tick by tick, for w = 0, 0.5 and 1. The citizens' hardship is read after
// each tick; with no mechanism on nothing changes it within the tick.
TEST(Crime, HardshipRaisesTheRateByItsWeight) {
  constexpr double kRate = 0.01;
  for (const double w : {0.0, 0.5, 1.0}) {
    double offences = 0.0;
    double expected = 0.0;
    for (int seed = 1; seed <= 5; ++seed) {
      const Scenario s = layer_scenario(
          "[dissent]\nenabled = true\n" +
              crime("rate = 0.01\ndeterrence = 0\nhardship_weight = " + std::to_string(w) + "\n"),
          seed);
      auto m = run_model(s, [&](const Model& model) {
        const Society& society = model.compliance()->society();
        for (std::uint32_t id = 0; id < society.citizens; ++id) {
          if (!society.at_liberty(id)) continue;
          const auto h = static_cast<double>(society.hardship(id));
          expected += kRate * (1.0 - w + 2.0 * w * h);
        }
      });
      offences += column_sum(*m, "offences");
    }
    EXPECT_NEAR(offences / expected, 1.0, 0.04) << "w " << w;
  }
}

// With no cops' or cameras' detection, offences are detected with the base
// chance: the detected share within 0.02 of it over 5 seeds.
TEST(Crime, DetectedShareIsTheBaseChanceWithoutCopsOrCameras) {
  double offences = 0.0;
  double detected = 0.0;
  for (int seed = 1; seed <= 5; ++seed) {
    auto m = run_model(layer_scenario(
        "[dissent]\nenabled = true\n" +
            crime("rate = 0.01\nbase_detection = 0.3\ncop_detection = 0\ndeterrence = 0\n"),
        seed));
    offences += column_sum(*m, "offences");
    detected += column_sum(*m, "detected_offences");
  }
  EXPECT_NEAR(detected / offences, 0.3, 0.02);
}

// Cops in sight raise detection and, through deterrence, cut offences.
TEST(Crime, CopsDetectAndDeter) {
  double share_without = 0.0;
  double share_with = 0.0;
  double rate_without = 0.0;
  double rate_with = 0.0;
  for (int seed = 1; seed <= 3; ++seed) {
    const std::string base = "[dissent]\nenabled = true\n";
    auto blind = run_model(layer_scenario(base + crime("rate = 0.01\ncop_detection = 0\n"), seed));
    auto seen = run_model(layer_scenario(base + crime("rate = 0.01\ncop_detection = 0.1\n"), seed));
    share_without += column_sum(*blind, "detected_offences") / column_sum(*blind, "offences");
    share_with += column_sum(*seen, "detected_offences") / column_sum(*seen, "offences");
    rate_without += column_sum(*blind, "offences") / at_liberty(*blind);
    rate_with += column_sum(*seen, "offences") / at_liberty(*seen);
  }
  EXPECT_GT(share_with, share_without + 0.3);  // about 4 cops in sight: 1 - 0.9^4 = 0.34 more
  EXPECT_LT(rate_with, 0.95 * rate_without);
}

// Cameras cut offences where they look only through deterrence: with k = 0
// the rate on watched cells is the rate elsewhere (within 10% over 5 seeds),
// with k = 1 it is clearly lower.
TEST(Crime, CamerasCutOffencesOnlyThroughDeterrence) {
  const std::string cameras =
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = 0.3\n";
  for (const double k : {0.0, 1.0}) {
    double watched = 0.0;
    double watched_exposure = 0.0;
    double elsewhere = 0.0;
    double elsewhere_exposure = 0.0;
    for (int seed = 1; seed <= 5; ++seed) {
      auto m = run_model(layer_scenario(
          cameras + crime("rate = 0.01\ndeterrence = " + std::to_string(k) + "\n"), seed));
      watched += column_sum(*m, "watched_offences");
      watched_exposure += column_sum(*m, "watched_citizens");
      elsewhere += column_sum(*m, "offences") - column_sum(*m, "watched_offences");
      elsewhere_exposure += at_liberty(*m) - column_sum(*m, "watched_citizens");
    }
    ASSERT_GT(watched_exposure, 0.0);
    const double effect = (watched / watched_exposure) / (elsewhere / elsewhere_exposure) - 1.0;
    if (k == 0.0) {
      EXPECT_NEAR(effect, 0.0, 0.1);
    } else {
      EXPECT_LT(effect, -0.15);
    }
  }
}

// Offences have their own random stream and feed nothing back: turning
// them on changes no other column of the results.
TEST(Crime, TurningOffencesOnChangesNoOtherColumn) {
  const std::string system =
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[policing]\nenabled = true\n"
      "[social_credit]\nenabled = true\n";
  auto off = run_model(layer_scenario(system + crime("rate = 0\n"), 3, 150));
  auto on = run_model(layer_scenario(system + crime("rate = 0.05\n"), 3, 150));
  const ResultsTable& a = off->results();
  const ResultsTable& b = on->results();
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.columns().size(), b.columns().size());
  EXPECT_GT(column_sum(*on, "offences"), 0.0);
  for (std::size_t c = 0; c < a.columns().size(); ++c) {
    const std::string& name = a.columns()[c].name;
    if (name == "offences" || name == "detected_offences" || name == "watched_offences") continue;
    const ResultSlot slot = a.slot(name);
    for (std::size_t t = 0; t < a.rows(); ++t) {
      ASSERT_EQ(a.at(t, slot), b.at(t, slot)) << name << " at tick " << t;
    }
  }
}

}  // namespace
}  // namespace panopticon
