#include "panopticon/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

std::string error_of(const std::string& toml, const std::vector<Override>& overrides = {}) {
  try {
    parse_scenario(toml, "s.toml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Scenario, DefaultsAreNetLogosRebellion) {
  const Scenario s = default_scenario();
  EXPECT_EQ(s.rule_set_name, RuleSetName::kNetLogo);
  EXPECT_EQ(s.width, 40U);
  EXPECT_DOUBLE_EQ(s.k, 2.3);
  EXPECT_DOUBLE_EQ(s.legitimacy.initial, 0.82);
  EXPECT_EQ(s.max_jail_term, 30.0);
  EXPECT_EQ(s.outburst_threshold, 50);
}

TEST(Scenario, ReadsEverySection) {
  const Scenario s = parse_scenario(R"(
[model]
ruleset = "mesa"
steps = 20
seed = 99
[lattice]
width = 30
height = 20
[citizens]
density = 0.6
vision = 1.7
k = 2
threshold = 0.05
movement = false
[cops]
density = 0.05
vision = 3
[legitimacy]
schedule = "step"
initial = 0.9
final = 0.7
start = 77
[jail]
max_term = inf
[rules]
ratio = "literal"
[outputs]
outburst_threshold = 10
)",
                                    "s.toml");
  EXPECT_EQ(s.rule_set_name, RuleSetName::kMesa);
  EXPECT_EQ(s.steps, 20);
  EXPECT_EQ(s.seed, 99U);
  EXPECT_EQ(s.height, 20U);
  EXPECT_DOUBLE_EQ(s.k, 2.0);
  EXPECT_FALSE(s.movement);
  EXPECT_EQ(s.legitimacy.kind, ScheduleKind::kStep);
  EXPECT_EQ(s.legitimacy.start, 77);
  EXPECT_TRUE(std::isinf(s.max_jail_term));
  // One rule overridden, the others from the Mesa preset.
  EXPECT_EQ(s.rules.ratio, RatioRule::kLiteral);
  EXPECT_EQ(s.rules.vision_shape, VisionShape::kVonNeumann);
  EXPECT_EQ(s.rules.jail_countdown, JailCountdown::kOwnActivation);
  EXPECT_EQ(s.outburst_threshold, 10);
}

TEST(Scenario, OverridesWinOverTheFile) {
  const Scenario s = parse_scenario("[citizens]\nk = 1.0\n", "s.toml",
                                    {parse_override("citizens.k=3.5"), parse_override("model.ruleset=paper"),
                                     parse_override("rules.vision_shape=moore")});
  EXPECT_DOUBLE_EQ(s.k, 3.5);
  EXPECT_EQ(s.rule_set_name, RuleSetName::kPaper);
  EXPECT_EQ(s.rules.vision_shape, VisionShape::kMoore);
}

TEST(ScenarioErrors, UnknownKeyNamesThePlaceAndSuggests) {
  EXPECT_EQ(error_of("[citizens]\nvison = 7\n"),
            "s.toml:2:1: citizens.vison = 7: unknown key; allowed: did you mean citizens.vision or "
            "cops.vision? Run `panopticon params` for the full list");
}

TEST(ScenarioErrors, UnknownTable) {
  EXPECT_EQ(error_of("[model]\nsteps = 3\n[weather]\nrain = 1\n"),
            "s.toml:3:2: [weather]: unknown table; allowed: [model], [lattice], [citizens], [cops], "
            "[legitimacy], [jail], [rules], [outputs]");
}

TEST(ScenarioErrors, TopLevelKey) {
  EXPECT_EQ(error_of("steps = 3\n"),
            "s.toml:1:1: steps = 3: top-level keys are not accepted; every parameter belongs to a "
            "table; allowed: [model], [lattice], [citizens], [cops], [legitimacy], [jail], [rules], "
            "[outputs]");
}

TEST(ScenarioErrors, WrongType) {
  EXPECT_EQ(error_of("[lattice]\nwidth = \"wide\"\n"),
            "s.toml:2:1: lattice.width = \"wide\": expected int, got a string; allowed: a whole "
            "number from 1 to 1000000");
  EXPECT_EQ(error_of("[lattice]\nwidth = 40.5\n"),
            "s.toml:2:1: lattice.width = 40.5: expected int, got a float; allowed: a whole number "
            "from 1 to 1000000");
  EXPECT_EQ(error_of("[citizens]\nmovement = 1\n"),
            "s.toml:2:1: citizens.movement = 1: expected bool, got an integer; allowed: true or false");
}

TEST(ScenarioErrors, OutOfRange) {
  EXPECT_EQ(error_of("[citizens]\ndensity = 1.5\n"),
            "s.toml:2:1: citizens.density = 1.5: out of range; allowed: a number from 0 to 1");
  EXPECT_EQ(error_of("[jail]\nmax_term = -3\n"),
            "s.toml:2:1: jail.max_term = -3: out of range; allowed: a whole number from 0 to "
            "1000000000, or inf");
  EXPECT_EQ(error_of("[legitimacy]\ninitial = nan\n"),
            "s.toml:2:1: legitimacy.initial = nan: out of range; allowed: a number from 0 to 1");
}

TEST(ScenarioErrors, UnknownChoice) {
  EXPECT_EQ(error_of("[model]\nruleset = \"repast\"\n"),
            "s.toml:2:1: model.ruleset = \"repast\": not a known choice; allowed: one of \"paper\", "
            "\"netlogo\", \"mesa\"");
}

TEST(ScenarioErrors, DensitiesOverOne) {
  EXPECT_EQ(error_of("[citizens]\ndensity = 0.9\n[cops]\ndensity = 0.2\n"),
            "s.toml:4:1: cops.density = 0.2: citizens.density (0.9) + cop density (0.2) exceed 1 "
            "agent per cell; allowed: densities whose sum is at most 1");
}

TEST(ScenarioErrors, RampMustEndAfterItStarts) {
  EXPECT_EQ(error_of("[legitimacy]\nschedule = \"ramp\"\nstart = 50\nend = 20\n"),
            "s.toml:4:1: legitimacy.end = 20: a ramp must end after it starts (legitimacy.start = "
            "50); allowed: a tick greater than 50");
}

TEST(ScenarioErrors, InvalidToml) {
  EXPECT_EQ(error_of("[model\nsteps = 3\n"),
            "s.toml:1:7: not valid TOML: Error while parsing table header: expected ']', saw '\\n'");
}

TEST(ScenarioErrors, BadOverrides) {
  EXPECT_EQ(error_of("", {parse_override("citizens.k=abc")}),
            "--set citizens.k=abc: citizens.k = \"abc\": expected float, got a string; allowed: a "
            "number from 0 to 1000");
  EXPECT_EQ(error_of("", {parse_override("citizen.k=2")}),
            "--set citizen.k=2: citizen.k = 2: unknown key; allowed: did you mean citizens.k? Run "
            "`panopticon params` for the full list");
  try {
    parse_override("novalue");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "--set novalue: expected key=value; allowed: key=value, for example citizens.k=2.3");
  }
}

TEST(ScenarioErrors, MissingFile) {
  try {
    load_scenario("/nonexistent/x.toml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/x.toml: cannot read the scenario file: No such file or directory; "
                 "allowed: a readable TOML file");
  }
}

TEST(Scenario, ShippedScenariosAreValid) {
  const std::filesystem::path dir = std::filesystem::path(PANOPTICON_SOURCE_DIR) / "scenarios";
  int n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    EXPECT_NO_THROW(load_scenario(entry.path().string())) << entry.path();
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(Scenario, ResolvedTomlReadsBackToTheSameScenario) {
  const Scenario a = load_scenario(std::string(PANOPTICON_SOURCE_DIR) + "/scenarios/epstein-2002/run5.toml");
  const Scenario b = parse_scenario(to_toml(a), "echo.toml");
  EXPECT_EQ(to_toml(a), to_toml(b));
  EXPECT_EQ(a.params.values, b.params.values);
}

}  // namespace
}  // namespace panopticon
