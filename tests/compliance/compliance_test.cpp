#include "panopticon/compliance.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "layer_fixture.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/random_sequential.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

using testing::column;
using testing::layer_scenario;

const char* kAllOn =
    "[dissent]\nenabled = true\n[policing]\nenabled = true\n[cameras]\nenabled = true\n"
    "[telecom]\nenabled = true\n[id_card]\nenabled = true\n[social_credit]\nenabled = true\n"
    "[ijop]\nenabled = true\n[denunciation]\nenabled = true\n[public_punishment]\n"
    "enabled = true\n[narratives]\nenabled = true\n";

// The layer with nothing on is exactly Model I: the same counts every tick,
// for each rule-set and both engines, and no DISSENT, detention or event.
TEST(ComplianceLayer, WithNothingOnItIsExactlyModelI) {
  for (const char* rs : {"paper", "netlogo", "mesa"}) {
    for (const char* activation : {"random_sequential", "synchronous"}) {
      const std::string model =
          std::string("ruleset = \"") + rs + "\"\nactivation = \"" + activation + "\"\n";
      const Scenario plain =
          parse_scenario("[model]\n" + model + "steps = 150\n[legitimacy]\ninitial = 0.7\n", "p");
      Scenario forced = plain;
      forced.compliance_forced = true;
      auto a = make_model(plain);
      auto b = make_model(forced);
      ASSERT_EQ(a->compliance(), nullptr);
      ASSERT_NE(b->compliance(), nullptr);
      std::uint64_t arrests = 0;
      for (int t = 0; t < 150; ++t) {
        a->step();
        b->step();
        const TickCounts& x = a->counts();
        const TickCounts& y = b->counts();
        ASSERT_EQ(x.quiet, y.quiet) << rs << " " << activation << " tick " << t;
        ASSERT_EQ(x.active, y.active) << rs << " " << activation << " tick " << t;
        ASSERT_EQ(x.jailed, y.jailed) << rs << " " << activation << " tick " << t;
        ASSERT_EQ(x.arrests, y.arrests) << rs << " " << activation << " tick " << t;
        const auto row = b->results().last_row();
        ASSERT_EQ(row[column("active")], static_cast<double>(x.active));
        ASSERT_EQ(row[column("dissent")], 0.0);
        ASSERT_EQ(row[column("detained")], 0.0);
        ASSERT_EQ(row[column("events")], static_cast<double>(x.arrests));  // arrest records
        arrests += x.arrests;
      }
      EXPECT_GT(arrests, 0U) << rs << " " << activation << ": the run must exercise arrests";
    }
  }
}

// Every mechanism on, synchronous activation: the same state hash for 1, 2
// and 4 threads, tick by tick.
TEST(ComplianceLayer, SynchronousResultsDoNotDependOnThreads) {
  auto s = [](int threads) {
    return layer_scenario(
        kAllOn, 3, 120,
        "activation = \"synchronous\"\nthreads = " + std::to_string(threads) + "\n");
  };
  auto one = make_model(s(1));
  auto two = make_model(s(2));
  auto four = make_model(s(4));
  double detained = 0;
  for (int t = 0; t < 120; ++t) {
    one->step();
    two->step();
    four->step();
    ASSERT_EQ(one->state_hash(), two->state_hash()) << "tick " << t;
    ASSERT_EQ(one->state_hash(), four->state_hash()) << "tick " << t;
    detained += one->results().last_row()[column("detained")];
  }
  EXPECT_GT(detained, 0.0);
}

// Both engines run every mechanism: each mechanism leaves a trace in its
// results under random-sequential and synchronous activation.
TEST(ComplianceLayer, BothEnginesRunEveryMechanism) {
  for (const char* activation : {"random_sequential", "synchronous"}) {
    const Scenario s =
        parse_scenario(std::string("[model]\nsteps = 200\nseed = 2\nactivation = \"") + activation +
                           "\"\n" + kAllOn,
                       "all.toml",
                       {{"telecom.shutdown_at", "0.01"},
                        {"denunciation.p_false", "0.01"},
                        {"legitimacy.initial", "0.7"},
                        {"cameras.deterrence", "0"}});
    const auto model = testing::run_model(s);
    for (const char* result :
         {"policing_warrant_arrests", "cameras_events", "telecom_events", "telecom_down",
          "id_card_benefits_paid", "social_credit_blacklisted", "ijop_investigations",
          "denunciation_reports", "denunciation_false_reports", "public_punishment_events",
          "narratives_exposed", "dissent", "detentions"}) {
      EXPECT_GT(testing::column_mean(*model, result), 0.0) << activation << ": " << result;
    }
  }
}

TEST(ComplianceLayer, CheckpointedRunEqualsAnUninterruptedOne) {
  for (const char* activation : {"random_sequential", "synchronous"}) {
    const Scenario s =
        layer_scenario(kAllOn, 5, 80, std::string("activation = \"") + activation + "\"\n");
    auto straight = make_model(s);
    auto first = make_model(s);
    for (int t = 0; t < 40; ++t) {
      straight->step();
      first->step();
    }
    CheckpointWriter w;
    first->save(w);
    const auto path = std::filesystem::temp_directory_path() / "panopticon-layer-ckpt.bin";
    w.write(path);
    CheckpointReader in(path);
    auto resumed = load_model(s, in);
    ASSERT_EQ(resumed->state_hash(), straight->state_hash()) << activation;
    for (int t = 0; t < 40; ++t) {
      straight->step();
      resumed->step();
      ASSERT_EQ(resumed->state_hash(), straight->state_hash()) << activation << " tick " << t;
    }
    std::filesystem::remove(path);
  }
}

TEST(ComplianceLayer, DecisionRuleFollowsTheExtendedRuleA) {
  // One citizen on an empty lattice: G = 0.9 (1 - 0.8) = 0.18; no cops, so
  // P_a = 0 and it is ACTIVE when G > T. With T = 0.2 it cannot be active;
  // with the dissent layer on and nothing observing it, it dissents when
  // G > T_d.
  const Scenario s = parse_scenario(
      "[model]\nsteps = 3\n[lattice]\nwidth = 9\nheight = 9\n[citizens]\ndensity = 0\n"
      "threshold = 0.2\n[cops]\ndensity = 0\n[legitimacy]\ninitial = 0.8\n[dissent]\n"
      "enabled = true\nthreshold = 0.1\n",
      "one.toml");
  const std::vector<PlacedAgent> agents = {{AgentKind::kCitizen, 4, 4, 0.9F, 0.5F}};
  RandomSequentialSimulation sim(s, agents);
  ASSERT_NE(sim.compliance(), nullptr);
  const Compliance& layer = *sim.compliance();
  EXPECT_EQ(layer.decide(0, 40, 0.0, 0.2), AgentState::kDissent);
  EXPECT_EQ(layer.decide(0, 40, 0.0, 0.1), AgentState::kActive);
  // Perceived risk of dissent: G - R P_d = 0.18 - 0.5 P_d > 0.1 needs P_d < 0.16.
  sim.step();
  EXPECT_EQ(layer.society().state[0], AgentState::kDissent);
  EXPECT_EQ(sim.counts().quiet, 0U);
  EXPECT_EQ(layer.dissenting(), 1U);
}

// With nothing that could record dissent, speaking out is free: every
// private dissenter dissents or rebels, so the falsification gap is exactly
// 0 every tick, however many are arrested and released meanwhile.
TEST(ComplianceLayer, NoObservationNoFalsification) {
  for (const char* activation : {"random_sequential", "synchronous"}) {
    double private_dissent = 0.0;
    testing::run_model(layer_scenario("[dissent]\nenabled = true\n[id_card]\nenabled = true\n", 1,
                                      200, std::string("activation = \"") + activation + "\"\n"),
                       [&](const Model& m) {
                         const auto row = m.results().last_row();
                         ASSERT_EQ(row[column("falsification_gap")], 0.0)
                             << activation << " tick " << m.tick();
                         private_dissent += row[column("private_dissent")];
                       });
    EXPECT_GT(private_dissent, 0.0) << activation;
  }
}

TEST(ComplianceLayer, BadMechanismParametersNameTheMechanism) {
  try {
    parse_scenario("[ijop]\nenabled = true\ncapacity = -1\n", "bad.toml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "bad.toml:3:1: ijop.capacity = -1: out of range; allowed: a number from 0 to "
              "10000");
  }
  try {
    parse_scenario("[social_credit]\nenable = true\n", "bad.toml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "bad.toml:2:1: social_credit.enable = true: unknown key; allowed: did you mean "
              "social_credit.enabled? Run `panopticon params` for the full list");
  }
}

}  // namespace
}  // namespace panopticon

namespace panopticon {
namespace {

// Activations count every citizen who turned ACTIVE in a tick, those
// arrested in the same tick included: at least the citizens ACTIVE at the
// end of the tick who were not at the end of the last, at most those plus
// the tick's arrests; and, over a run, more than the end-of-tick count.
TEST(ComplianceLayer, ActivationsCountThoseArrestedInTheSameTick) {
  for (const char* activation : {"random_sequential", "synchronous"}) {
    double activations = 0.0;
    double seen_turning = 0.0;
    std::vector<AgentState> before;
    testing::run_model(
        testing::layer_scenario("[dissent]\nenabled = true\n", 1, 300,
                                std::string("activation = \"") + activation + "\"\n"),
        [&](const Model& m) {
          const Society& s = m.compliance()->society();
          const auto row = m.results().last_row();
          before.resize(s.citizens, AgentState::kQuiet);
          double turned = 0.0;
          for (std::uint32_t id = 0; id < s.citizens; ++id) {
            if (s.state[id] == AgentState::kActive && before[id] != AgentState::kActive) ++turned;
            before[id] = s.state[id];
          }
          const double a = row[testing::column("activations")];
          EXPECT_GE(a, turned) << activation << " tick " << m.tick();
          EXPECT_LE(a, turned + row[testing::column("arrests")]) << activation;
          activations += a;
          seen_turning += turned;
        });
    EXPECT_GT(activations, seen_turning) << activation;
  }
}

}  // namespace
}  // namespace panopticon
