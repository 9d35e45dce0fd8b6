#include "panopticon/sweep_plan.hpp"
#include "panopticon/sweep.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>

#include "panopticon/mechanism.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

const std::filesystem::path kScenarios =
    std::filesystem::path(PANOPTICON_SOURCE_DIR) / "scenarios" / "epstein-2002";

SweepPlan plan_of(const std::string& text) {
  return parse_plan(text, "plan.toml", kScenarios);
}

// The message of the ScenarioError that reading `text` throws ("" if none).
std::string error_of(const std::string& text) {
  try {
    plan_of(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = R"(
[sweep]
scenario = "run2.toml"
design = "factorial"
metrics = ["peak_active"]
)";

TEST(SweepPlan, FactorialListsEveryCombinationLastFactorFastest) {
  const SweepPlan plan = plan_of(kHead + R"(
replicates = 2
[[vary]]
key = "legitimacy.initial"
values = [0.8, 0.9]
[[vary]]
key = "cops.density"
start = 0.03
step = 0.01
stop = 0.05
)");
  const DesignPoints points = design_points(plan);
  ASSERT_EQ(points.values.size(), 6U);
  EXPECT_EQ(run_count(plan, points), 12U);
  // 0.03 + 2 x 0.01 is 0.05 exactly, not 0.049999999999999996.
  const std::vector<std::vector<std::string>> expected = {{"0.8", "0.03"}, {"0.8", "0.04"},
                                                          {"0.8", "0.05"}, {"0.9", "0.03"},
                                                          {"0.9", "0.04"}, {"0.9", "0.05"}};
  EXPECT_EQ(points.values, expected);
  // Replicate r of every point runs with seed + r.
  const Scenario s = run_scenario(plan, points, 4, 1);
  EXPECT_EQ(s.seed, plan.seed + 1);
  EXPECT_DOUBLE_EQ(s.cop_density.value_at(0), 0.04);
  EXPECT_DOUBLE_EQ(s.legitimacy.value_at(0), 0.9);
  EXPECT_EQ(s.threads, 1);
}

TEST(SweepPlan, ARunsScenarioIsTheBaseWithItsKeysSet) {
  const SweepPlan plan = plan_of(R"(
[sweep]
scenario = "run2.toml"
design = "latin_hypercube"
samples = 6
replicates = 2
metrics = ["whole_run.mean_active"]
[set]
"model.steps" = 30
"cameras.enabled" = true
[[vary]]
key = "cops.density"
min = 0.01
max = 0.08
[[vary]]
key = "jail.max_term"
min = 1
max = 40
[[vary]]
key = "cameras.coverage"
min = 0.1
max = 0.9
)");
  const DesignPoints points = design_points(plan);
  for (std::size_t p = 0; p < points.values.size(); ++p) {
    for (std::size_t r = 0; r < 2; ++r) {
      const Scenario fast = run_scenario(plan, points, p, r);
      const Scenario parsed =
          parse_scenario(to_toml(plan.base), plan.base.source, run_overrides(plan, points, p, r));
      EXPECT_EQ(to_toml(fast), to_toml(parsed)) << "point " << p;
      EXPECT_EQ(fast.params.values, parsed.params.values) << "point " << p;
      EXPECT_EQ(fast.compliance_forced, parsed.compliance_forced);
    }
  }
}

TEST(SweepPlan, SteppedRangesLandOnTheirDecimals) {
  const SweepPlan plan = plan_of(kHead + R"(
[[vary]]
key = "citizens.density"
start = 0.1
step = 0.1
stop = 0.7
)");
  const DesignPoints points = design_points(plan);
  ASSERT_EQ(points.values.size(), 7U);
  EXPECT_EQ(points.values[2][0], "0.3");
  EXPECT_EQ(points.values[6][0], "0.7");
}

TEST(SweepPlan, WholeNumberParametersSampleEveryWholeNumberEvenly) {
  const SweepPlan plan = plan_of(R"(
[sweep]
scenario = "run2.toml"
design = "latin_hypercube"
samples = 400
metrics = ["outbursts"]
[[vary]]
key = "jail.max_term"
min = 1
max = 4
)");
  const DesignPoints points = design_points(plan);
  ASSERT_EQ(points.values.size(), 400U);
  std::map<std::string, int> counts;
  for (const auto& row : points.values) ++counts[row[0]];
  // A Latin hypercube puts exactly a quarter of its strata in each quarter.
  const std::map<std::string, int> expected = {{"1", 100}, {"2", 100}, {"3", 100}, {"4", 100}};
  EXPECT_EQ(counts, expected);
}

TEST(SweepPlan, TwoLevelOverEveryMechanismAtResolutionFive) {
  const SweepPlan plan = plan_of(R"(
[sweep]
scenario = "run2.toml"
design = "two_level"
mechanisms = ["policing", "cameras", "telecom", "id_card", "social_credit", "ijop",
              "denunciation", "public_punishment", "narratives"]
resolution = 5
metrics = ["long_term.mean_active"]
)");
  EXPECT_EQ(plan.factors.size(), 9U);
  EXPECT_TRUE(plan.needs_layer);
  const DesignPoints points = design_points(plan);
  EXPECT_EQ(points.values.size(), 128U);
  ASSERT_TRUE(points.two_level.has_value());
  EXPECT_GE(points.two_level->resolution, 5);
  const Scenario s = run_scenario(plan, points, 0, 0);
  EXPECT_TRUE(s.compliance_forced);
}

TEST(SweepPlan, AllMechanismsAreEveryMechanismOfTheRegistry) {
  const SweepPlan plan = plan_of(R"(
[sweep]
scenario = "run2.toml"
design = "two_level"
mechanisms = "all"
metrics = ["peak_active"]
)");
  ASSERT_EQ(plan.factors.size(), mechanism_registry().size());
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    EXPECT_EQ(plan.factors[i].key, mechanism_registry()[i].name + ".enabled");
    EXPECT_EQ(plan.factors[i].values, (std::vector<std::string>{"false", "true"}));
  }
}

TEST(SweepPlan, FingerprintChangesWithWhatChangesResults) {
  const std::string vary = R"(
[[vary]]
key = "legitimacy.initial"
values = [0.8, 0.9]
)";
  const SweepPlan a = plan_of(kHead + "replicates = 2\n" + vary);
  const SweepPlan b = plan_of(kHead + "replicates = 3\n" + vary);
  const SweepPlan c = plan_of(kHead + "replicates = 2\n" + vary + "[set]\n\"model.steps\" = 50\n");
  const SweepPlan d = plan_of(kHead + "replicates = 2\nmax_runs = 50\n" + vary);
  const auto fa = plan_fingerprint(a, design_points(a));
  EXPECT_NE(fa, plan_fingerprint(b, design_points(b)));
  EXPECT_NE(fa, plan_fingerprint(c, design_points(c)));
  // The limit on runs changes no result.
  EXPECT_EQ(fa, plan_fingerprint(d, design_points(d)));
}

// Each bad plan is refused before anything runs, naming plan:line:column,
// the key and what is allowed.
struct BadPlan {
  const char* name;
  std::string text;
  std::vector<std::string> says;
};

class BadPlans : public ::testing::TestWithParam<BadPlan> {};

TEST_P(BadPlans, AreRefusedWithTheirPlaceKeyAndWhatIsAllowed) {
  const std::string message = error_of(GetParam().text);
  ASSERT_FALSE(message.empty()) << GetParam().name << " was accepted";
  for (const std::string& s : GetParam().says) {
    EXPECT_NE(message.find(s), std::string::npos) << GetParam().name << ": " << message;
  }
}

const std::string kVaryLegitimacy = R"(
[[vary]]
key = "legitimacy.initial"
values = [0.8, 0.9]
)";

INSTANTIATE_TEST_SUITE_P(
    SweepPlan, BadPlans,
    ::testing::Values(
        BadPlan{"unknown_parameter",
                kHead + "[[vary]]\nkey = \"citizens.densty\"\nvalues = [0.5]\n",
                {"plan.toml:7:7", "unknown parameter", "citizens.density"}},
        BadPlan{"range_without_steps",
                kHead + "[[vary]]\nkey = \"citizens.density\"\nstart = 0.1\nstep = 0\nstop = 0.5\n",
                {"plan.toml:9:8", "no steps", "above 0"}},
        BadPlan{
            "range_backwards",
            kHead + "[[vary]]\nkey = \"citizens.density\"\nstart = 0.5\nstep = 0.1\nstop = 0.1\n",
            {"plan.toml:10:8", "below start"}},
        BadPlan{"replicates_zero",
                kHead + "replicates = 0\n" + kVaryLegitimacy,
                {"plan.toml:6:14", "replicates", "from 1"}},
        BadPlan{"unknown_metric",
                R"([sweep]
scenario = "run2.toml"
design = "factorial"
metrics = ["peak_actives"]
)" + kVaryLegitimacy,
                {"plan.toml:4:12", "unknown metric", "peak_active"}},
        BadPlan{"metric_window_typo",
                R"([sweep]
scenario = "run2.toml"
design = "factorial"
metrics = ["long_trem.mean_active"]
)" + kVaryLegitimacy,
                {"unknown metric", "long_term.mean_active"}},
        BadPlan{"too_many_runs",
                kHead + "replicates = 1000\nmax_runs = 1000\n" + kVaryLegitimacy,
                {"2000 runs", "max_runs"}},
        BadPlan{"value_out_of_range",
                kHead + "[[vary]]\nkey = \"legitimacy.initial\"\nvalues = [0.5, 1.5]\n",
                {"plan.toml:8:16", "legitimacy.initial", "from 0 to 1"}},
        BadPlan{"seed_in_set",
                kHead + kVaryLegitimacy + "[set]\n\"model.seed\" = 4\n",
                {"model.seed", "[sweep] seed"}},
        BadPlan{"varied_twice", kHead + kVaryLegitimacy + kVaryLegitimacy, {"varies twice"}},
        BadPlan{"fixed_and_varied",
                kHead + kVaryLegitimacy + "[set]\n\"legitimacy.initial\" = 0.7\n",
                {"also fixed in [set]"}},
        BadPlan{"values_for_a_sampling_design",
                R"([sweep]
scenario = "run2.toml"
design = "latin_hypercube"
samples = 10
metrics = ["peak_active"]
)" + kVaryLegitimacy,
                {"samples a range", "min = A, max = B"}},
        BadPlan{"samples_for_factorial",
                kHead + "samples = 10\n" + kVaryLegitimacy,
                {"samples", "does not apply to design = \"factorial\""}},
        BadPlan{"nothing_varies", kHead, {"varies nothing"}},
        BadPlan{
            "unknown_design",
            "[sweep]\nscenario = \"run2.toml\"\ndesign = \"sobl\"\nmetrics = [\"peak_active\"]\n",
            {"plan.toml:3:10", "unknown design", "sobol"}},
        BadPlan{"missing_scenario",
                "[sweep]\nscenario = \"nowhere.toml\"\ndesign = \"factorial\"\nmetrics = "
                "[\"peak_active\"]\n" +
                    kVaryLegitimacy,
                {"plan.toml:2:12", "nowhere.toml", "does not exist"}},
        BadPlan{"unknown_sweep_key",
                kHead + "replicate = 3\n" + kVaryLegitimacy,
                {"plan.toml:6:13", "did you mean replicates"}},
        BadPlan{"two_level_three_values",
                R"([sweep]
scenario = "run2.toml"
design = "two_level"
metrics = ["peak_active"]
[[vary]]
key = "citizens.density"
values = [0.5, 0.6, 0.7]
)",
                {"two-level design takes two"}},
        BadPlan{"odd_morris_levels",
                R"([sweep]
scenario = "run2.toml"
design = "morris"
samples = 4
levels = 3
metrics = ["peak_active"]
[[vary]]
key = "citizens.density"
min = 0.5
max = 0.7
)",
                {"plan.toml:5:10", "odd"}},
        BadPlan{"sobol_too_many_factors",
                R"([sweep]
scenario = "run2.toml"
design = "sobol"
samples = 4
metrics = ["peak_active"]
)" +
                    [] {
                      std::string out;
                      for (const char* k : {"citizens.minority_share",
                                            "legitimacy.initial",
                                            "legitimacy.final",
                                            "dissent.threshold",
                                            "dissent.shift_decay",
                                            "perception.learning_rate",
                                            "network.rewire",
                                            "crime.rate",
                                            "crime.hardship_weight",
                                            "crime.base_detection",
                                            "crime.cop_detection",
                                            "crime.camera_identification",
                                            "policing.tech_level",
                                            "cameras.coverage",
                                            "cameras.tpr",
                                            "cameras.fmr",
                                            "cameras.fmr_ambient",
                                            "cameras.deterrence",
                                            "telecom.contagion",
                                            "telecom.monitored",
                                            "telecom.detect"}) {
                        out += fmt::format("[[vary]]\nkey = \"{}\"\nmin = 0.25\nmax = 0.5\n", k);
                      }
                      return out;
                    }(),
                {"factors for design = \"sobol\"", "at most 20"}},
        // An error across parameters names the point that causes it.
        BadPlan{"point_crosses_parameters",
                kHead + "[[vary]]\nkey = \"cops.density\"\nvalues = [0.04, 0.5]\n"
                        "[set]\n\"citizens.density\" = 0.7\n",
                {"point 1", "cops.density = 0.5"}}),
    [](const ::testing::TestParamInfo<BadPlan>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace panopticon

namespace panopticon {
namespace {

const std::string kWorldPlan = R"(
[sweep]
world = "../world/synthetic.toml"
design = "factorial"
replicates = 2
seed = 7
metrics = ["share_importing_ai", "acceptance_autocracy_unrest"]
[set]
synthetic.count = 6
synthetic.regions = 2
world.end_year = 2014
[[vary]]
key = "pull.scale"
values = [0.5, 2]
)";

TEST(SweepPlan, AWorldPlanRunsItsWorldWithEachReplicatesSeeds) {
  const SweepPlan plan = plan_of(kWorldPlan);
  ASSERT_TRUE(plan.is_world());
  EXPECT_TRUE(plan.world_synthetic);
  EXPECT_EQ(plan.factors[0].type, ParamType::kFloat) << "0.5 and 2: numbers";
  const DesignPoints points = design_points(plan);
  ASSERT_EQ(points.values.size(), 2U);
  std::map<std::string, std::string> o;
  for (const Override& x : world_run_overrides(plan, points, 1, 1)) o[x.key] = x.value;
  EXPECT_EQ(o["pull.scale"], "2");
  EXPECT_EQ(o["synthetic.count"], "6");
  EXPECT_EQ(o["world.seed"], "8");
  EXPECT_EQ(o["synthetic.seed"], "8") << "a replicate redraws the synthetic countries too";
  EXPECT_EQ(o.count("model.seed"), 0U);
  // The fingerprint is the world's, so a changed world file is refused on resume.
  const auto fingerprint = plan_fingerprint(plan, points);
  EXPECT_EQ(fingerprint[1].first, "world");
}

TEST(SweepPlan, AWorldPlansRunsGiveItsMetricsOnCommonRandomNumbers) {
  const SweepPlan plan = plan_of(kWorldPlan);
  const DesignPoints points = design_points(plan);
  const RunOutcome low = execute_run(plan, points, 0);   // scale 0.5, replicate 0
  const RunOutcome high = execute_run(plan, points, 2);  // scale 2, replicate 0
  ASSERT_EQ(low.row.status, "ok") << low.row.message;
  ASSERT_EQ(high.row.status, "ok") << high.row.message;
  ASSERT_EQ(low.row.metrics.size(), 2U);
  EXPECT_GE(low.row.metrics[0], 0.0);
  EXPECT_LE(high.row.metrics[0], 1.0);
  EXPECT_EQ(low.row.seed, high.row.seed);
  // The same run again is the same numbers.
  EXPECT_EQ(execute_run(plan, points, 0).row.metrics[0], low.row.metrics[0]);
}

TEST(SweepPlan, AWorldPlanRefusesWhatOnlyAScenarioPlanHas) {
  EXPECT_NE(error_of(kWorldPlan + "[[vary]]\nkey = \"world.seed\"\nvalues = [1, 2]\n")
                .find("is set by the plan"),
            std::string::npos);
  std::string mechanisms = kWorldPlan;
  mechanisms.replace(mechanisms.find("design = \"factorial\""), 20,
                     "design = \"two_level\"\nmechanisms = \"all\"");
  EXPECT_NE(error_of(mechanisms).find("this plan runs a world"), std::string::npos)
      << error_of(mechanisms);
}

}  // namespace
}  // namespace panopticon
