#include "panopticon/counterfactual.hpp"
#include "panopticon/mechanism.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

CompareOptions without(const std::string& list, int replicates) {
  CompareOptions o;
  o.baseline.without = parse_without(list);
  o.replicates = replicates;
  return o;
}

CompareOptions against(const Scenario& other, int replicates) {
  CompareOptions o;
  o.baseline.against = other;
  o.replicates = replicates;
  return o;
}

// Equal, NaN for NaN.
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Every mechanism's name, as mechanism_suggestion lists them.
std::string registry_names() {
  std::string names;
  for (const MechanismInfo& m : mechanism_registry()) names += (names.empty() ? "" : ", ") + m.name;
  return names;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// A result with one window and the given values of metric 0 on both sides
// (every other metric 0 on both sides).
CompareResult by_hand(const std::vector<std::pair<double, double>>& values) {
  CompareResult r;
  r.windows = {{1, 10, "short_term"}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    PairedRun run;
    run.seed = i;
    run.with = {std::vector<double>(metric_specs().size(), 0.0)};
    run.baseline = run.with;
    run.with[0][0] = values[i].first;
    run.baseline[0][0] = values[i].second;
    r.runs.push_back(run);
  }
  return r;
}

TEST(Compare, PairedDifferenceIsUndefinedWhenEitherSideIs) {
  EXPECT_EQ(paired_difference(3, 1), 2.0);
  EXPECT_TRUE(std::isnan(paired_difference(kNaN, 1)));
  EXPECT_TRUE(std::isnan(paired_difference(1, kNaN)));
  EXPECT_TRUE(std::isnan(paired_difference(kNaN, kNaN)));  // not 0: the pair says nothing
}

// A replicate where a metric is undefined on one side is left out of the
// metric's with-mean, baseline mean and difference alike.
TEST(Compare, MetricsUndefinedOnOneSideExcludeThePair) {
  const CompareResult r = by_hand({{1, kNaN}, {2, 1}, {4, 2}, {kNaN, kNaN}, {kNaN, 7}});
  const auto t = compare_metrics(r);
  ASSERT_EQ(t.size(), 1U);
  const MetricComparison& c = t[0][0];
  EXPECT_EQ(c.pairs, 2U);
  EXPECT_DOUBLE_EQ(c.with_mean, 3.0);  // (2 + 4) / 2, not (1 + 2 + 4) / 3
  EXPECT_DOUBLE_EQ(c.baseline_mean, 1.5);
  EXPECT_DOUBLE_EQ(c.difference, 1.5);
  EXPECT_DOUBLE_EQ(c.difference, c.with_mean - c.baseline_mean);
  EXPECT_DOUBLE_EQ(c.standard_error, 0.5);
  // The other metrics: every pair, every difference 0.
  EXPECT_EQ(t[0][1].pairs, 5U);
  EXPECT_EQ(t[0][1].difference, 0.0);
  EXPECT_EQ(t[0][1].p_value, 1.0);
}

TEST(Compare, MetricsUndefinedOnBothSidesAreExcludedNotZero) {
  const CompareResult r = by_hand({{kNaN, kNaN}, {kNaN, kNaN}, {kNaN, kNaN}});
  const MetricComparison c = compare_metrics(r)[0][0];
  EXPECT_EQ(c.pairs, 0U);
  EXPECT_TRUE(std::isnan(c.with_mean));
  EXPECT_TRUE(std::isnan(c.baseline_mean));
  EXPECT_TRUE(std::isnan(c.difference));
  EXPECT_TRUE(std::isnan(c.p_value));
  EXPECT_TRUE(std::isnan(c.p_holm));
  EXPECT_FALSE(c.significant);
  // One pair: a difference, no test.
  const MetricComparison one = compare_metrics(by_hand({{2, 1}, {kNaN, 1}}))[0][0];
  EXPECT_EQ(one.pairs, 1U);
  EXPECT_EQ(one.difference, 1.0);
  EXPECT_TRUE(std::isnan(one.standard_error));
  EXPECT_TRUE(std::isnan(one.p_value));
}

// Holm's family is every metric of the window with a p-value: here metric
// 0 differs clearly and the others not at all (p = 1), so its adjusted p is
// its raw p times the family's size.
TEST(Compare, HolmRunsOverTheMetricsOfAWindow) {
  const CompareResult r = by_hand({{10, 1}, {11, 1}, {12, 1}, {10.5, 1}});
  const auto t = compare_metrics(r);
  const auto m = static_cast<double>(metric_specs().size());
  EXPECT_NEAR(t[0][0].p_holm, std::min(1.0, m * t[0][0].p_value), 1e-15);
  EXPECT_LT(t[0][0].p_value, 1e-3);
  EXPECT_EQ(t[0][0].significant, t[0][0].p_holm <= kSignificance);
  EXPECT_EQ(t[0][1].p_holm, 1.0);
  EXPECT_FALSE(t[0][1].significant);
}

// Switching off a mechanism that is already off changes nothing: every
// paired difference is exactly zero where the metric is defined.
TEST(Compare, WithoutAMechanismAlreadyOffDiffersByExactlyZero) {
  const Scenario s = testing::layer_scenario(
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[ijop]\nenabled = true\n", 1, 120);
  const CompareResult r = run_compare(s, without("telecom", 3));
  ASSERT_EQ(r.runs.size(), 3U);
  for (const PairedRun& run : r.runs) {
    for (std::size_t w = 0; w < r.windows.size(); ++w) {
      for (std::size_t m = 0; m < metric_specs().size(); ++m) {
        EXPECT_TRUE(same(run.with[w][m], run.baseline[w][m])) << metric_specs()[m].name;
      }
    }
  }
  for (const auto& window : compare_metrics(r)) {
    for (std::size_t m = 0; m < window.size(); ++m) {
      if (window[m].pairs == 0) continue;
      EXPECT_EQ(window[m].difference, 0.0) << metric_specs()[m].name;
      EXPECT_EQ(window[m].p_value, 1.0) << metric_specs()[m].name;
    }
  }
}

// Switching off a mechanism that is on changes its own results, and the
// pair shares everything else: without cameras there are no camera events.
TEST(Compare, WithoutAMechanismThatIsOnRemovesItsEffects) {
  const Scenario s =
      testing::layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\n", 1, 100);
  const CompareResult r = run_compare(s, without("cameras", 2));
  const std::size_t events = metric_index("cameras_events");
  for (const PairedRun& run : r.runs) {
    EXPECT_GT(run.with[0][events], 0.0);
    EXPECT_EQ(run.baseline[0][events], 0.0);
  }
  EXPECT_EQ(r.runs[1].seed, s.seed + 1);
  EXPECT_EQ(baseline_label(r.baseline), "without cameras");
}

// "all" switches every mechanism off, which is the same as naming those
// that are on; the dissent layer stays on.
TEST(Compare, WithoutAllEqualsListingEveryEnabledMechanism) {
  const Scenario s = testing::layer_scenario(
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[ijop]\nenabled = true\n"
      "[social_credit]\nenabled = true\n",
      3, 80);
  const CompareResult all = run_compare(s, without("all", 2));
  const CompareResult listed = run_compare(s, without("ijop,cameras,social_credit", 2));
  EXPECT_EQ(baseline_label(all.baseline), "without every mechanism");
  EXPECT_EQ(baseline_label(listed.baseline), "without cameras, social_credit, ijop");
  ASSERT_EQ(all.runs.size(), listed.runs.size());
  for (std::size_t r = 0; r < all.runs.size(); ++r) {
    for (std::size_t w = 0; w < all.windows.size(); ++w) {
      for (std::size_t m = 0; m < metric_specs().size(); ++m) {
        EXPECT_TRUE(same(all.runs[r].baseline[w][m], listed.runs[r].baseline[w][m]))
            << metric_specs()[m].name;
        EXPECT_TRUE(same(all.runs[r].with[w][m], listed.runs[r].with[w][m]));
      }
    }
  }
  const auto a = compare_metrics(all);
  const auto b = compare_metrics(listed);
  for (std::size_t w = 0; w < a.size(); ++w) {
    for (std::size_t m = 0; m < a[w].size(); ++m) {
      EXPECT_EQ(a[w][m].pairs, b[w][m].pairs);
      EXPECT_TRUE(same(a[w][m].difference, b[w][m].difference));
      EXPECT_TRUE(same(a[w][m].p_holm, b[w][m].p_holm));
    }
  }
  // The baseline keeps the dissent layer: citizens still speak out.
  const std::size_t dissent = metric_index("mean_dissent");
  EXPECT_GT(all.runs[0].baseline[0][dissent], 0.0);
  const std::size_t events = metric_index("cameras_events");
  EXPECT_EQ(all.runs[0].baseline[0][events], 0.0);
  EXPECT_GT(all.runs[0].with[0][events], 0.0);
}

// The scenario against itself, on the same seeds: every difference is 0.
TEST(Compare, AgainstItselfDiffersByExactlyZero) {
  const Scenario s = testing::layer_scenario(
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[ijop]\nenabled = true\n", 2, 80);
  Scenario other = s;
  other.seed = 99;  // not used: both sides run the scenario's seeds
  const CompareResult r = run_compare(s, against(other, 3));
  EXPECT_EQ(baseline_label(r.baseline), "against layer.toml");
  for (const auto& window : compare_metrics(r)) {
    for (std::size_t m = 0; m < window.size(); ++m) {
      if (window[m].pairs == 0) continue;
      EXPECT_EQ(window[m].difference, 0.0) << metric_specs()[m].name;
      EXPECT_EQ(window[m].p_value, 1.0) << metric_specs()[m].name;
      EXPECT_FALSE(window[m].significant);
    }
  }
}

TEST(Compare, AgainstAnotherLatticeOrPopulationIsRefused) {
  const Scenario s = testing::layer_scenario("[dissent]\nenabled = true\n", 1, 20);
  auto other = [](const std::string& extra, const std::string& lattice = "40") {
    return parse_scenario("[model]\nruleset = \"netlogo\"\nsteps = 20\n[lattice]\nwidth = " +
                              lattice + "\nheight = 40\n" + extra,
                          "other.toml");
  };
  EXPECT_EQ(error_of([&] { run_compare(s, against(other("", "30"), 1)); }),
            "--against other.toml: lattice.width = 30: the baseline's lattice is 30x40, "
            "layer.toml's is 40x40; allowed: the lattice of layer.toml (lattice.width = 40, "
            "lattice.height = 40)");
  EXPECT_EQ(error_of([&] { check_against(s, other("[citizens]\ndensity = 0.6\n")); }),
            "--against other.toml: citizens.density = 0.6: makes 960 citizens and 64 cops, "
            "layer.toml makes 1120 and 64; allowed: the population of layer.toml "
            "(citizens.density = 0.7, cops.density = 0.04 at tick 0, rules.placement = exact)");
  EXPECT_NE(error_of([&] {
              check_against(s, other("[cops]\ndensity = 0.05\n"));
            }).find("--against other.toml: cops.density = 0.05: makes 1120 citizens and 80 cops"),
            std::string::npos);
  // Other densities that place the same counts place the same population.
  EXPECT_EQ(error_of([&] { check_against(s, other("[citizens]\ndensity = 0.7001\n")); }),
            "no error");
  // A policy difference is what a baseline is for.
  EXPECT_EQ(error_of([&] { check_against(s, other("[legitimacy]\ninitial = 0.5\n")); }),
            "no error");
  const Scenario mesa_a = parse_scenario(
      "[model]\nruleset = \"mesa\"\nsteps = 20\n[citizens]\ndensity = 0.7\n", "a.toml");
  const Scenario mesa_b = parse_scenario(
      "[model]\nruleset = \"mesa\"\nsteps = 20\n[citizens]\ndensity = 0.7001\n", "b.toml");
  EXPECT_NE(error_of([&] { check_against(mesa_a, mesa_b); })
                .find("--against b.toml: citizens.density = 0.7001: binomial placement draws "
                      "another population than a.toml's"),
            std::string::npos);
  EXPECT_NE(error_of([&] { check_against(s, mesa_a); }).find("rules.placement = binomial"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { check_against(s, s); }), "no error");
  Scenario longer = s;
  longer.source = "longer.toml";
  longer.steps = 30;
  EXPECT_EQ(error_of([&] { check_against(s, longer); }),
            "--against longer.toml: model.steps = 30: differs from layer.toml's 20; allowed: "
            "model.steps = 20 as in layer.toml (--steps and --set change both)");
}

TEST(Compare, WithoutParsesACommaList) {
  EXPECT_EQ(parse_without("cameras"), (std::vector<std::string>{"cameras"}));
  // In the registry's order, each once, spaces around names ignored.
  EXPECT_EQ(parse_without("ijop, cameras,ijop"), (std::vector<std::string>{"cameras", "ijop"}));
  std::vector<std::string> every;
  for (const MechanismInfo& m : mechanism_registry()) every.push_back(m.name);
  EXPECT_EQ(parse_without("all"), every);
  EXPECT_EQ(parse_without("cameras,all"), every);
}

TEST(Compare, UnknownMechanismIsBadInput) {
  const std::string names = registry_names();
  EXPECT_TRUE(names.starts_with("policing, ")) << names;
  const std::string also = ", or all, or several separated by commas";
  EXPECT_EQ(
      error_of([] { parse_without("camera"); }),
      "--without camera: unknown mechanism; allowed: did you mean cameras? one of " + names + also);
  EXPECT_EQ(
      error_of([] { parse_without("cameras,telcom"); }),
      "--without telcom: unknown mechanism; allowed: did you mean telecom? one of " + names + also);
  EXPECT_EQ(error_of([] { parse_without("cameras,,ijop"); }),
            "--without cameras,,ijop: an empty name in the list; allowed: one of " + names + also);
  EXPECT_EQ(error_of([] { parse_without(""); }),
            "--without: no mechanism named; allowed: one of " + names + also);
  // A library caller's list is checked too.
  const Scenario s = testing::layer_scenario("", 1, 10);
  CompareOptions o;
  o.baseline.without = {"camera"};
  EXPECT_EQ(error_of([&] { run_compare(s, o); }).rfind("--without camera: unknown mechanism", 0),
            0U);
}

TEST(Compare, ExactlyOneBaseline) {
  const Scenario s = testing::layer_scenario("", 1, 10);
  EXPECT_EQ(error_of([&] { run_compare(s, CompareOptions{}); }),
            "compare: no baseline; allowed: exactly one of --without and --against");
  CompareOptions both = without("cameras", 1);
  both.baseline.against = s;
  EXPECT_EQ(error_of([&] { run_compare(s, both); }),
            "compare: two baselines; allowed: exactly one of --without and --against");
}

}  // namespace
}  // namespace panopticon
