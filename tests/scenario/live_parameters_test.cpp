// Schedules of parameters in a scenario, and the live parameters of a
// running model (live_parameters.hpp).
#include "panopticon/live_parameters.hpp"

#include <gtest/gtest.h>

#include <string>

#include "panopticon/scenario.hpp"
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

TEST(ScheduleTables, EveryKindReadsFromATable) {
  const Scenario s = parse_scenario(
      "[cameras]\nenabled = true\n"
      "coverage = { schedule = \"ramp\", initial = 0.1, final = 0.6, start = 100, end = 300 }\n"
      "tpr = { schedule = \"step\", initial = 0.5, final = 0.9, start = 50 }\n"
      "fmr = { schedule = \"points\", ticks = [0, 10, 20], values = [0.01, 0.02, 0.0] }\n"
      "deterrence = { schedule = \"constant\", initial = 0.3 }\n",
      "s.toml");
  const Schedule coverage = s.params.get_schedule("cameras.coverage");
  EXPECT_EQ(coverage.kind, ScheduleKind::kRamp);
  EXPECT_NEAR(coverage.value_at(200), 0.35, 1e-12);
  EXPECT_EQ(s.params.get_schedule("cameras.tpr").value_at(49), 0.5);
  EXPECT_EQ(s.params.get_schedule("cameras.tpr").value_at(50), 0.9);
  EXPECT_NEAR(s.params.get_schedule("cameras.fmr").value_at(15), 0.01, 1e-12);
  // A constant schedule is a plain number.
  EXPECT_EQ(s.params.get_float("cameras.deterrence"), 0.3);
  // The resolved scenario writes schedules back as tables, and reads them again.
  const Scenario again = parse_scenario(to_toml(s), "again.toml");
  EXPECT_EQ(to_toml(again), to_toml(s));
  EXPECT_EQ(again.params.get_schedule("cameras.coverage"), coverage);
  // --set takes a table too.
  const Scenario set = parse_scenario(
      "", "s.toml",
      {{"ijop.capacity", "{schedule = \"step\", initial = 1, final = 20, start = 5}"}});
  EXPECT_EQ(set.params.get_schedule("ijop.capacity").value_at(5), 20.0);
}

TEST(ScheduleTables, MistakesNameTheKeyInTheTable) {
  EXPECT_EQ(error_of("[cameras]\ncoverage = { schedule = \"ramp\", initial = 0.1, final = 0.6, "
                     "start = 100, end = 50 }\n"),
            "s.toml:2:80: cameras.coverage.end = 50: a ramp must end after it starts (start = "
            "100); allowed: a tick greater than 100");
  EXPECT_EQ(error_of("[cameras]\ncoverage = { schedule = \"step\", initial = 0.1, final = 1.5, "
                     "start = 10 }\n"),
            "s.toml:2:56: cameras.coverage.final = 1.5: out of range; allowed: a number from 0 "
            "to 1");
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"ramp\", initial = 0.1 }\n")
                .find("cameras.coverage.final: a ramp schedule needs final"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"step\", initial = 0.1, final = 0.2, "
                     "start = 3, finish = 9 }\n")
                .find("cameras.coverage.finish = 9: unknown key in a schedule table"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"constant\", initial = 0.1, start = 4 "
                     "}\n")
                .find("cameras.coverage.start = 4: not used by a constant schedule"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"points\", ticks = [0, 10, 10], values "
                     "= [0.1, 0.2, 0.3] }\n")
                .find("cameras.coverage.ticks = 10: the ticks do not increase"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"points\", ticks = [0, 10], values = "
                     "[0.1] }\n")
                .find("2 ticks and 1 values; allowed: as many values as ticks"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = { schedule = \"wave\", initial = 0.1 }\n")
                .find("cameras.coverage.schedule = \"wave\": not a known schedule"),
            std::string::npos);
  // Only parameters that may follow a schedule take a table.
  EXPECT_NE(error_of("[cameras]\nhubs = { schedule = \"constant\", initial = 3 }\n")
                .find("cameras.hubs = (a table): expected int, got a table"),
            std::string::npos);
  EXPECT_NE(error_of("[cameras]\ncoverage = \"lots\"\n")
                .find("cameras.coverage = \"lots\": expected a number or a schedule table, got a "
                      "string"),
            std::string::npos);
}

TEST(MechanismTiming, AMechanismActsFromStartTickToEndTick) {
  const Scenario s = parse_scenario(
      "[cameras]\nenabled = true\nstart_tick = 200\nend_tick = 300\n[telecom]\nenabled = true\n",
      "s.toml");
  const LiveParameters live(s);
  EXPECT_FALSE(live.active_at("cameras", 199));
  EXPECT_TRUE(live.active_at("cameras", 200));
  EXPECT_TRUE(live.active_at("cameras", 300));
  EXPECT_FALSE(live.active_at("cameras", 301));
  EXPECT_TRUE(live.active_at("telecom", 0));
  EXPECT_FALSE(live.active_at("ijop", 0));
  EXPECT_EQ(error_of("[cameras]\nenabled = true\nstart_tick = 200\nend_tick = 100\n"),
            "s.toml:4:1: cameras.end_tick = 100: cameras would stop before it starts "
            "(cameras.start_tick = 200); allowed: a tick from 200 on, or inf");
}

TEST(LiveParameters, ChangesAreInForceFromTheirTick) {
  const Scenario s = parse_scenario(
      "[legitimacy]\nschedule = \"ramp\"\ninitial = 0.8\nfinal = 0.6\nstart = 0\nend = 100\n"
      "[cameras]\nenabled = true\n",
      "s.toml");
  LiveParameters live(s);
  const LiveParameters::Number l = live.number("legitimacy.initial");
  EXPECT_FALSE(l.constant());
  EXPECT_NEAR(l.at(50), 0.7, 1e-12);  // the scenario's schedule
  live.add({61, "legitimacy.initial", "0.5"}, 0.5);
  EXPECT_NEAR(l.at(60), 0.68, 1e-12);
  EXPECT_EQ(l.at(61), 0.5);
  EXPECT_EQ(l.at(500), 0.5);
  EXPECT_EQ(live.number("cameras.coverage").at(10), 0.3);
  live.add({11, "cameras.end_tick", "10"}, 10.0);
  EXPECT_TRUE(live.active_at("cameras", 10));
  EXPECT_FALSE(live.active_at("cameras", 11));
  const ParamValues at = live.values_at(70);
  EXPECT_EQ(at.get_float("legitimacy.initial"), 0.5);
  EXPECT_EQ(at.get_float("cameras.end_tick"), 10.0);
  EXPECT_EQ(live.values_at(5).get_float("legitimacy.initial"), 0.8) << "before the change";
  ASSERT_EQ(live.changes().size(), 2U);
  // Saved, and loaded again with every value checked as a --set is.
  CheckpointWriter w;
  StateArchive saving(w);
  live.walk_state(saving, 100);
  CheckpointReader in("live.bin", w.file());
  StateArchive loading(in);
  LiveParameters loaded(s);
  loaded.walk_state(loading, 100);
  EXPECT_EQ(loaded.number("legitimacy.initial").at(61), 0.5);
  EXPECT_FALSE(loaded.active_at("cameras", 11));
  // A change that would not validate is refused.
  LiveParameters forged(s);
  forged.add({5, "cameras.coverage", "2"}, 2.0);
  CheckpointWriter w2;
  StateArchive s2(w2);
  forged.walk_state(s2, 100);
  CheckpointReader in2("forged.bin", w2.file());
  StateArchive l2(in2);
  LiveParameters refused(s);
  try {
    refused.walk_state(l2, 100);
    FAIL() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("holds a parameter change that does not validate"),
              std::string::npos)
        << e.what();
  }
}

// A checkpoint's changes are checked as changes made while the model ran
// were: together with the rest (a cop vision that no longer fits a
// synchronous lattice), and as able to take effect (a parameter read when a
// mechanism is made, changed while it is on).
std::string load_error(const Scenario& s, const std::vector<ParameterChange>& changes) {
  LiveParameters forged(s);
  for (const ParameterChange& c : changes) {
    forged.add(c, parse_parameter_value(c.key, c.value, SourcePlace{"test", 0, 0}));
  }
  CheckpointWriter w;
  StateArchive saving(w);
  forged.walk_state(saving, 100);
  CheckpointReader in("forged.bin", w.file());
  StateArchive loading(in);
  LiveParameters loaded(s);
  try {
    loaded.walk_state(loading, 100);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LiveParameters, LoadedChangesAreCheckedTogether) {
  const Scenario s = parse_scenario(
      "[model]\nactivation = \"synchronous\"\n[policing]\nenabled = true\n[cameras]\n"
      "enabled = true\n",
      "s.toml");
  EXPECT_EQ(load_error(s, {{20, "policing.tech_level", "0.5"}}), "(no error)");
  const std::string too_wide =
      load_error(s, {{20, "policing.tech_level", "1"}, {20, "policing.vision_boost", "50"}});
  EXPECT_NE(too_wide.find("holds parameter changes that do not validate together: s.toml:4:1: "
                          "policing.enabled = true: the vision disk (115 cells across: "
                          "cops.vision = 7 widened to 57 by policing)"),
            std::string::npos)
      << too_wide;
  EXPECT_NE(load_error(s, {{20, "cameras.placement", "\"hubs\""}})
                .find("holds a change of cameras.placement that cannot take effect: "
                      "cameras.placement is read when cameras is made, and it is on at tick 20"),
            std::string::npos);
  // Made afresh at tick 20 (adopted again after being retired), it may.
  EXPECT_EQ(
      load_error(s, {{20, "cameras.placement", "\"hubs\""}, {20, "cameras.start_tick", "20"}}),
      "(no error)");
}

}  // namespace
}  // namespace panopticon
