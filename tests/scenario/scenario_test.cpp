#include "panopticon/scenario.hpp"

#include "panopticon/mechanism.hpp"

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
  const Scenario s =
      parse_scenario("[citizens]\nk = 1.0\n", "s.toml",
                     {parse_override("citizens.k=3.5"), parse_override("model.ruleset=paper"),
                      parse_override("rules.vision_shape=moore")});
  EXPECT_DOUBLE_EQ(s.k, 3.5);
  EXPECT_EQ(s.rule_set_name, RuleSetName::kPaper);
  EXPECT_EQ(s.rules.vision_shape, VisionShape::kMoore);
}

TEST(ScenarioErrors, UnknownKeyNamesThePlaceAndSuggests) {
  EXPECT_EQ(error_of("[citizens]\nvison = 7\n"),
            "s.toml:2:1: citizens.vison = 7: unknown key; allowed: did you mean citizens.vision? "
            "Run `panopticon params` for the full list");
}

// Every table a scenario may hold, as messages list them: Model I's and the
// layer's, then every registered mechanism's (the test tree's registry adds
// the toy mechanism).
std::string tables() {
  std::string out =
      "[model], [lattice], [citizens], [cops], [legitimacy], [jail], [rules], "
      "[outputs], [dissent], [perception], [network], [crime], [costs]";
  for (const MechanismInfo& m : mechanism_registry()) out += ", [" + m.name + "]";
  return out;
}

TEST(ScenarioErrors, UnknownTable) {
  EXPECT_EQ(error_of("[model]\nsteps = 3\n[weather]\nrain = 1\n"),
            "s.toml:3:2: [weather]: unknown table; allowed: " + tables());
  for (const char* t : {"[policing]", "[cameras]", "[telecom]", "[id_card]", "[social_credit]",
                        "[ijop]", "[denunciation]", "[public_punishment]", "[narratives]"}) {
    EXPECT_NE(tables().find(t), std::string::npos) << t;
  }
}

TEST(ScenarioErrors, TopLevelKey) {
  EXPECT_EQ(error_of("steps = 3\n"),
            "s.toml:1:1: steps = 3: top-level keys are not accepted; every parameter belongs to "
            "a table; allowed: " +
                tables());
}

TEST(ScenarioErrors, WrongType) {
  EXPECT_EQ(error_of("[lattice]\nwidth = \"wide\"\n"),
            "s.toml:2:1: lattice.width = \"wide\": expected int, got a string; allowed: a whole "
            "number from 1 to 1000000");
  EXPECT_EQ(error_of("[lattice]\nwidth = 40.5\n"),
            "s.toml:2:1: lattice.width = 40.5: expected int, got a float; allowed: a whole number "
            "from 1 to 1000000");
  EXPECT_EQ(
      error_of("[citizens]\nmovement = 1\n"),
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
  EXPECT_EQ(
      error_of("[model]\nruleset = \"repast\"\n"),
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
  EXPECT_EQ(
      error_of("[model\nsteps = 3\n"),
      "s.toml:1:7: not valid TOML: Error while parsing table header: expected ']', saw '\\n'");
}

TEST(ScenarioErrors, BadOverrides) {
  EXPECT_EQ(error_of("", {parse_override("citizens.k=abc")}),
            "--set citizens.k=abc: citizens.k = \"abc\": expected float, got a string; allowed: a "
            "number from 0 to 1000");
  EXPECT_EQ(error_of("", {parse_override("citizen.k=2")}),
            "--set citizen.k=2: citizen.k = 2: unknown key; allowed: did you mean citizens.k? Run "
            "`panopticon params` for the full list");
  // A misspelt table: its own key in the table spelt like it, not the same
  // key in every table.
  EXPECT_EQ(error_of("", {parse_override("polcing.enabled=true")}),
            "--set polcing.enabled=true: polcing.enabled = true: unknown key; allowed: did you "
            "mean policing.enabled? Run `panopticon params` for the full list");
  try {
    parse_override("novalue");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(
        e.what(),
        "--set novalue: expected key=value; allowed: key=value, for example citizens.k=2.3");
  }
}

TEST(ScenarioErrors, MissingFile) {
  try {
    load_scenario("/nonexistent/x.toml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/x.toml: the scenario file does not exist; allowed: a regular file "
                 "of TOML text of at most 4 MiB");
  }
}

TEST(Scenario, ShippedScenariosAreValid) {
  const std::filesystem::path dir = std::filesystem::path(PANOPTICON_SOURCE_DIR) / "scenarios";
  int n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    // World files are no scenarios (tests/world/world_file_test.cpp loads them).
    if (entry.path().parent_path().filename() == "world") continue;
    EXPECT_NO_THROW(load_scenario(entry.path().string())) << entry.path();
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(Scenario, ResolvedTomlReadsBackToTheSameScenario) {
  const Scenario a =
      load_scenario(std::string(PANOPTICON_SOURCE_DIR) + "/scenarios/epstein-2002/run5.toml");
  const Scenario b = parse_scenario(to_toml(a), "echo.toml");
  EXPECT_EQ(to_toml(a), to_toml(b));
  EXPECT_EQ(a.params.values, b.params.values);
}

// toml++ 3.3.0 reaches __builtin_unreachable() on these (the fuzzer's first
// finding, and upstream issues marzer/tomlplusplus#190 and #295); they must
// be plain errors before toml++ sees them.
TEST(ScenarioErrors, NonAsciiOutsideCommentsNeverReachesToml) {
  EXPECT_EQ(error_of("\xEF\xBB\xAF[model]\n"),
            "s.toml:1:1: non-ASCII character U+FEEF outside a comment; allowed: ASCII in tables, "
            "keys and values (every name and choice is ASCII); any text in comments");
  EXPECT_EQ(error_of("\xCC\xAA"),
            "s.toml:1:1: non-ASCII character U+032A outside a comment; allowed: ASCII in tables, "
            "keys and values (every name and choice is ASCII); any text in comments");
  EXPECT_EQ(error_of("s = \"\"\"\\\n\xC2\xA7\"\"\"\n").substr(0, 52),
            "s.toml:2:1: non-ASCII character U+00A7 outside a com");
  EXPECT_EQ(error_of("[citizens]\n\"visi\xC3\xB3n\" = 7\n").substr(0, 52),
            "s.toml:2:6: non-ASCII character U+00F3 outside a com");
  // Found by the long fuzz run: a line-ending backslash continues a
  // multi-line string, so the '#' after it starts no comment.
  EXPECT_EQ(error_of("s = \"\"\"\\\n# \\ \xEF\xBB\xB6\"\"\"\n").substr(0, 52),
            "s.toml:2:5: non-ASCII character U+FEF6 outside a com");
}

TEST(Scenario, AnyTextInCommentsAndAByteOrderMark) {
  const Scenario s = parse_scenario(
      "\xEF\xBB\xBF# caf\xC3\xA9, \xEF\xAD\x90, \xE2\x9D\xA4\xEF\xB8\x8F\n"
      "[model] # \"quotes\" and 'quotes' in a comment \xC2\xA7\n"
      "ruleset = \"mesa\" # \xC3\xA9\n",
      "s.toml");
  EXPECT_EQ(s.rule_set_name, RuleSetName::kMesa);
}

TEST(ScenarioErrors, CommentsAreToldFromStrings) {
  // A '#' in a string starts no comment, so the non-ASCII text after it is refused.
  EXPECT_EQ(error_of("[model]\nruleset = \"a#\xC3\xA9\"\n").substr(0, 53),
            "s.toml:2:14: non-ASCII character U+00E9 outside a com");
  EXPECT_EQ(error_of("[model]\nruleset = \"a\\\"#\xC3\xA9\"\n").substr(0, 53),
            "s.toml:2:16: non-ASCII character U+00E9 outside a com");
  // Up to two quotes may end a multi-line string before its closing three.
  EXPECT_EQ(error_of("[model]\nruleset = \"\"\"me\n#sa\"\"\"\"\" # \xC3\xA9\n"),
            "s.toml:2:1: model.ruleset = \"me\\n#sa\\\"\\\"\": not a known choice; allowed: one "
            "of \"paper\", \"netlogo\", \"mesa\"");
  EXPECT_EQ(error_of("[model]\nruleset = '''a'''' # \xC3\xA9\n"),
            "s.toml:2:1: model.ruleset = \"a'\": not a known choice; allowed: one of \"paper\", "
            "\"netlogo\", \"mesa\"");
}

TEST(ScenarioErrors, NotUtf8) {
  EXPECT_EQ(error_of("[model]\nruleset = \"mesa\xFF\"\n"),
            "s.toml:2:16: not valid UTF-8 (byte 0xFF); allowed: text encoded in UTF-8");
  EXPECT_EQ(error_of("# caf\xE9\n"),
            "s.toml:1:6: not valid UTF-8 (byte 0xE9); allowed: text encoded in UTF-8");
  // Overlong forms and surrogates are not UTF-8 either.
  EXPECT_EQ(error_of("# \xC0\xAF\n").substr(0, 40), "s.toml:1:3: not valid UTF-8 (byte 0xC0);");
  EXPECT_EQ(error_of("# \xED\xA0\x80\n").substr(0, 40), "s.toml:1:3: not valid UTF-8 (byte 0xED);");
}

TEST(ScenarioErrors, MessagesAreOneLine) {
  EXPECT_EQ(error_of("[citizens]\n\"vi\\nsion\" = 7\n"),
            "s.toml:2:1: citizens.\"vi\\nsion\" = 7: unknown key; allowed: did you mean "
            "citizens.vision? Run `panopticon params` for the full list");
  EXPECT_EQ(error_of("[model]\nruleset = \"me\\u0007sa\"\n"),
            "s.toml:2:1: model.ruleset = \"me\\u0007sa\": not a known choice; allowed: one of "
            "\"paper\", \"netlogo\", \"mesa\"");
  EXPECT_EQ(
      error_of("", {parse_override("model.ruleset=me\nsa\xFF")}),
      "--set model.ruleset=me\\nsa\\xFF: model.ruleset = \"me\\nsa\\xFF\": not a known choice; "
      "allowed: one of \"paper\", \"netlogo\", \"mesa\"");
}

TEST(ScenarioErrors, LongKeysAndValuesAreCut) {
  const std::string message = error_of("[citizens]\n" + std::string(5000, 'v') + " = 7\n");
  EXPECT_EQ(message, "s.toml:2:1: citizens." + std::string(51, 'v') +
                         "... (5009 characters) = 7: unknown key; allowed: a key of [citizens]: "
                         "density, vision, k, threshold, movement, minority_share");
}

TEST(ScenarioErrors, CommonTomlSlipsInPlainWords) {
  EXPECT_EQ(error_of("[model]\nruleset = \"mesa\nsteps = 3\n"),
            "s.toml:2:11: not valid TOML: the string that starts here is not closed on its line; "
            "allowed: a closing quote before the end of the line, or triple quotes for a string "
            "of several lines");
  EXPECT_EQ(error_of("[model]\nruleset = netlogo\n"),
            "s.toml:2:11: not valid TOML: the value netlogo has no quotes; allowed: a quoted "
            "string such as \"netlogo\", a number, true or false");
  // A slip that is not one of those keeps toml++'s words.
  EXPECT_EQ(error_of("[model]\nsteps = 3 4\n"),
            "s.toml:2:11: not valid TOML: Error while parsing key-value pair: expected a comment "
            "or whitespace, saw '4'");
}

TEST(ScenarioErrors, ArrayOfTables) {
  EXPECT_EQ(error_of("[[citizens]]\nk = 1\n"),
            "s.toml:1:3: [[citizens]]: arrays of tables are not accepted; each section is one "
            "table; allowed: [citizens]");
}

TEST(ScenarioErrors, UnknownKeyWithNothingCloseListsItsTable) {
  EXPECT_EQ(error_of("[jail]\nsentence = 3\n"),
            "s.toml:2:1: jail.sentence = 3: unknown key; allowed: a key of [jail]: max_term");
  EXPECT_EQ(
      error_of("", {parse_override("weather.drizzle=1")}),
      "--set weather.drizzle=1: weather.drizzle = 1: unknown key; allowed: a parameter listed by "
      "`panopticon params`");
}

TEST(ScenarioErrors, DensitiesOverOneBlameWhatTheUserSet) {
  // Only the final cop density was set: it is the one to name, not a default.
  EXPECT_EQ(error_of("[cops]\nschedule = \"step\"\nfinal_density = 0.5\nstart = 10\n"),
            "s.toml:3:1: cops.final_density = 0.5: citizens.density (0.7) + cop density (0.5) "
            "exceed 1 agent per cell; allowed: densities whose sum is at most 1");
  EXPECT_EQ(error_of("", {parse_override("cops.density=0.5")}),
            "--set cops.density=0.5: cops.density = 0.5: citizens.density (0.7) + cop density "
            "(0.5) exceed 1 agent per cell; allowed: densities whose sum is at most 1");
  EXPECT_EQ(error_of("[citizens]\ndensity = 0.97\n"),
            "s.toml:2:1: citizens.density = 0.97: citizens.density (0.97) + cop density (0.04) "
            "exceed 1 agent per cell; allowed: densities whose sum is at most 1");
}

TEST(ScenarioErrors, NanJailTermIsOutOfRange) {
  EXPECT_EQ(error_of("[jail]\nmax_term = nan\n"),
            "s.toml:2:1: jail.max_term = nan: out of range; allowed: a whole number from 0 to "
            "1000000000, or inf");
}

TEST(ScenarioErrors, AnOverrideIsOneValue) {
  EXPECT_EQ(error_of("", {parse_override("citizens.k=1\nx = 2")}),
            "--set citizens.k=1\\nx = 2: citizens.k = \"1\\nx = 2\": expected float, got a string; "
            "allowed: a number from 0 to 1000");
  EXPECT_DOUBLE_EQ(parse_scenario("", "s.toml", {parse_override("citizens.k=1.5")}).k, 1.5);
}

}  // namespace
}  // namespace panopticon
