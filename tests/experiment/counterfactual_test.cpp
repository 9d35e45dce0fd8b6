#include "panopticon/counterfactual.hpp"
#include "panopticon/mechanism.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

// Switching off a mechanism that is already off changes nothing: every
// paired difference is exactly zero.
TEST(Compare, WithoutAMechanismAlreadyOffDiffersByExactlyZero) {
  const Scenario s = testing::layer_scenario(
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[ijop]\nenabled = true\n", 1, 120);
  const CompareResult r = run_compare(s, {"telecom", 3});
  ASSERT_EQ(r.runs.size(), 3U);
  for (const PairedRun& run : r.runs) {
    for (std::size_t w = 0; w < r.windows.size(); ++w) {
      for (std::size_t m = 0; m < metric_specs().size(); ++m) {
        EXPECT_EQ(paired_difference(run.with[w][m], run.without[w][m]), 0.0)
            << metric_specs()[m].name;
      }
    }
  }
}

// Switching off a mechanism that is on changes its own results, and the
// pair shares everything else: without cameras there are no camera events.
TEST(Compare, WithoutAMechanismThatIsOnRemovesItsEffects) {
  const Scenario s =
      testing::layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\n", 1, 100);
  const CompareResult r = run_compare(s, {"cameras", 2});
  std::size_t events = 0;
  for (std::size_t m = 0; m < metric_specs().size(); ++m) {
    if (metric_specs()[m].name == "cameras_events") events = m;
  }
  for (const PairedRun& run : r.runs) {
    EXPECT_GT(run.with[0][events], 0.0);
    EXPECT_EQ(run.without[0][events], 0.0);
  }
  EXPECT_EQ(r.runs[1].seed, s.seed + 1);
}

TEST(Compare, UnknownMechanismIsBadInput) {
  const Scenario s = testing::layer_scenario("", 1, 10);
  try {
    run_compare(s, {"camera", 1});
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    std::string names;
    for (const MechanismInfo& m : mechanism_registry())
      names += (names.empty() ? "" : ", ") + m.name;
    EXPECT_EQ(
        std::string(e.what()),
        "--without camera: unknown mechanism; allowed: did you mean cameras? one of " + names);
    EXPECT_TRUE(names.starts_with("policing, ")) << names;
  }
}

}  // namespace
}  // namespace panopticon
