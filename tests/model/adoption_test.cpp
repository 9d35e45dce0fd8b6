// Mechanisms switched on and off in a running model, from a scenario's
// start_tick and end_tick or from code (Model::adopt, retire,
// set_parameter), and parameters that follow a schedule; under both engines.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

using testing::layer_scenario;

const char* kEngines[] = {"random_sequential", "synchronous"};

Scenario scenario(const std::string& activation, const std::string& extra, std::int64_t steps = 260,
                  std::uint64_t seed = 3) {
  return layer_scenario(
      "[dissent]\nenabled = true\n[legitimacy]\ninitial = 0.7\n"
      "[telecom]\nenabled = true\n[id_card]\nenabled = true\n" +
          extra,
      seed, steps, "activation = \"" + activation + "\"\nthreads = 2\n");
}

void expect_same_rows(const ResultsTable& a, const ResultsTable& b, std::size_t first,
                      std::size_t last, const std::string& what) {
  ASSERT_GE(a.rows(), last + 1) << what;
  ASSERT_GE(b.rows(), last + 1) << what;
  for (std::size_t t = first; t <= last; ++t) {
    const auto x = a.row(t);
    const auto y = b.row(t);
    ASSERT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end())) << what << ": row " << t;
  }
}

bool rows_equal(const ResultsTable& a, const ResultsTable& b, std::size_t t) {
  const auto x = a.row(t);
  const auto y = b.row(t);
  return std::equal(x.begin(), x.end(), y.begin(), y.end());
}

// Cameras adopted at tick 200: through tick 199 the run is the run without
// cameras, byte for byte; from tick 200 on they act. The same from code.
TEST(Adoption, ARunIsUnchangedUntilTheTickAMechanismIsAdopted) {
  for (const char* activation : kEngines) {
    auto without = testing::run_model(scenario(activation, ""));
    auto with =
        testing::run_model(scenario(activation, "[cameras]\nenabled = true\nstart_tick = 200\n"));
    expect_same_rows(without->results(), with->results(), 0, 199, activation);
    EXPECT_FALSE(rows_equal(without->results(), with->results(), 200)) << activation;
    EXPECT_EQ(with->results().at(200, with->results().slot("cameras_count")), 480.0);
    EXPECT_EQ(with->results().at(199, with->results().slot("cameras_count")), 0.0);
    // From code, between ticks 199 and 200: the same run as start_tick = 200.
    auto from_code = make_model(scenario(activation, "", 260));
    // The layer runs from tick 0 (dissent.enabled): cameras may be adopted.
    from_code->run(199);
    from_code->adopt("cameras");
    from_code->run_to_end();
    expect_same_rows(with->results(), from_code->results(), 0, 260, activation);
    // And the same state, column by column (the state hashes differ: one
    // model holds the change it was told, the other its scenario's timing).
    for (const ColumnSpec& c : with->columns()) {
      const ColumnData a = with->column(c.name);
      const ColumnData b = from_code->column(c.name);
      ASSERT_EQ(a.size(), b.size()) << c.name;
      EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * bytes_of(a.type())), 0)
          << activation << ": " << c.name;
    }
  }
}

// Checkpoints before, at and after an adoption resume byte-identically,
// whether it came from the scenario or from code.
TEST(Adoption, CheckpointsAroundAnAdoptionResumeExactly) {
  const auto path = std::filesystem::temp_directory_path() / "panopticon-adoption.bin";
  for (const char* activation : kEngines) {
    for (const bool from_code : {false, true}) {
      const Scenario s = scenario(
          activation, from_code ? "" : "[cameras]\nenabled = true\nstart_tick = 200\n", 230);
      auto straight = make_model(s);
      std::vector<std::uint64_t> hashes;
      for (std::int64_t t = 1; t <= 230; ++t) {
        if (from_code && t == 200) straight->adopt("cameras", {{"coverage", "0.4"}});
        straight->step();
        hashes.push_back(straight->state_hash());
      }
      for (const std::int64_t at : {150, 199, 200, 210}) {
        auto first = make_model(s);
        for (std::int64_t t = 1; t <= at; ++t) {
          if (from_code && t == 200) first->adopt("cameras", {{"coverage", "0.4"}});
          first->step();
        }
        CheckpointWriter w;
        first->save(w);
        w.write(path);
        CheckpointReader in(path);
        auto resumed = load_model(s, in);
        ASSERT_EQ(resumed->state_hash(), hashes[static_cast<std::size_t>(at - 1)]);
        for (std::int64_t t = at + 1; t <= 230; ++t) {
          // A model resumed before a change from code is told again, as
          // the run that wrote the checkpoint was.
          if (from_code && t == 200) resumed->adopt("cameras", {{"coverage", "0.4"}});
          resumed->step();
          ASSERT_EQ(resumed->state_hash(), hashes[static_cast<std::size_t>(t - 1)])
              << activation << (from_code ? " from code" : "") << ", checkpoint at " << at
              << ", tick " << t;
        }
        expect_same_rows(straight->results(), resumed->results(), 0, 230, activation);
        EXPECT_EQ(resumed->results().at(230, resumed->results().slot("cameras_count")),
                  from_code ? 640.0 : 480.0);
      }
    }
  }
  std::filesystem::remove(path);
}

TEST(Adoption, RetiringAMechanismUndoesWhatItKeptInForce) {
  for (const char* activation : kEngines) {
    auto m = make_model(scenario(activation,
                                 "[cameras]\nenabled = true\n[policing]\nenabled = true\n"
                                 "[public_punishment]\nenabled = true\n[social_credit]\n"
                                 "enabled = true\n",
                                 300));
    m->run(100);
    EXPECT_DOUBLE_EQ(m->cop_vision(), 8.0);
    const auto columns = [&m] {
      std::vector<std::string> names;
      for (const ColumnSpec& c : m->columns()) names.push_back(c.name);
      return names;
    };
    auto has = [&](const std::string& name) {
      const auto names = columns();
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    EXPECT_TRUE(has("cameras_last_active"));
    for (const char* name : {"cameras", "policing", "public_punishment", "social_credit"}) {
      m->retire(name);
    }
    m->step();
    EXPECT_DOUBLE_EQ(m->cop_vision(), 7.0) << activation;
    EXPECT_FALSE(has("cameras_last_active"));
    EXPECT_FALSE(has("social_credit_score"));
    const Society& s = m->compliance()->society();
    for (std::uint32_t c = 0; c < s.cell_chill.size(); ++c) ASSERT_EQ(s.cell_chill[c], 0.0F);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      ASSERT_EQ(s.risk_factor[id], 1.0F);
      ASSERT_EQ(s.blacklisted[id], 0);
    }
    const auto row = m->results().last_row();
    EXPECT_EQ(row[m->results().slot("cameras_count").index], 0.0);
    EXPECT_EQ(m->active_mechanisms(), (std::vector<std::string>{"telecom", "id_card"}));
    // Adopted again, the cameras go up where they stood.
    m->adopt("cameras");
    m->step();
    EXPECT_EQ(m->results().at(101, m->results().slot("cameras_count")), 0.0);
    EXPECT_EQ(m->results().at(102, m->results().slot("cameras_count")), 480.0);
  }
}

// Intensities follow schedules: cameras go up along one sequence of cells
// (a growing coverage adds cameras, never moves them), and card holders
// grow with the enrolment.
TEST(Schedules, IntensitiesFollowTheirSchedulesTickByTick) {
  // Hubs of spread 3 saturate long before half the cells have a camera:
  // then the cameras fill the other cells in order, and still never move.
  for (const std::string placement :
       {"placement = \"uniform\"\n", "placement = \"hubs\"\nhub_spread = 3.0\n"}) {
    for (const char* activation : kEngines) {
      auto m = make_model(layer_scenario(
          "[dissent]\nenabled = true\n[cameras]\nenabled = true\n" + placement +
              "coverage = { schedule = \"ramp\", initial = 0.1, final = 0.5, start = 20, end = 60 "
              "}\n[id_card]\nenabled = true\nenrolment = { schedule = \"points\", ticks = [0, 40], "
              "values = [0.2, 0.8] }\n",
          3, 80, "activation = \"" + std::string(activation) + "\"\n"));
      std::vector<std::uint8_t> previous;
      double holders = 0.0;
      for (std::int64_t t = 1; t <= 80; ++t) {
        m->step();
        const double coverage = t <= 20 ? 0.1 : t >= 60 ? 0.5 : 0.1 + 0.4 * (t - 20) / 40.0;
        ASSERT_EQ(m->results().at(static_cast<std::size_t>(t), m->results().slot("cameras_count")),
                  std::llround(coverage * 1600.0))
            << activation << " tick " << t;
        const ColumnData cameras = m->column("cameras_camera");
        const auto now = cameras.values<std::uint8_t>();
        for (std::size_t c = 0; c < previous.size(); ++c) {
          ASSERT_TRUE(previous[c] == 0 || now[c] == 1) << "a camera moved at tick " << t;
        }
        previous.assign(now.begin(), now.end());
        const double h =
            m->results().at(static_cast<std::size_t>(t), m->results().slot("id_card_holders"));
        ASSERT_GE(h, holders) << "holders only grow with the enrolment";
        holders = h;
      }
      EXPECT_NEAR(holders / 1120.0, 0.8, 0.05) << activation;
    }
  }
}

TEST(LiveChanges, LegitimacyAndCopDensityChangeFromTheNextTick) {
  for (const char* activation : kEngines) {
    auto m = make_model(scenario(activation, "", 60));
    m->run(30);
    m->set_parameter("legitimacy.initial", "0.5");
    m->set_parameter("cops.density", "0.08");
    m->run(5);
    const ResultsTable& r = m->results();
    EXPECT_EQ(r.at(30, r.slot("legitimacy")), 0.7);
    EXPECT_EQ(r.at(31, r.slot("legitimacy")), 0.5);
    EXPECT_EQ(r.at(30, r.slot("cops")), 64.0);
    EXPECT_EQ(r.at(31, r.slot("cops")), 128.0) << activation;
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LiveChanges, ChangesAreCheckedAsAScenarioIs) {
  auto m = make_model(scenario("random_sequential", "[cameras]\nenabled = true\n", 60));
  m->run(10);
  EXPECT_EQ(error_of([&] { m->adopt("camera"); }),
            "adopt(camera): unknown mechanism; allowed: " + mechanism_suggestion("camera"));
  EXPECT_TRUE(mechanism_suggestion("camera").starts_with("did you mean cameras? one of policing"));
  EXPECT_EQ(error_of([&] { m->adopt("cameras"); }),
            "adopt(cameras): cameras.enabled = true: cameras is on already at tick 11; allowed: "
            "set_parameter() to change its live parameters, or retire() it first");
  EXPECT_EQ(
      error_of([&] { m->retire("ijop"); }),
      "retire(ijop): ijop.enabled: ijop is not on at tick 11; allowed: a mechanism that is on "
      "(Model::active_mechanisms)");
  EXPECT_EQ(error_of([&] { m->set_parameter("cameras.coverage", "1.5"); }),
            "set_parameter(cameras.coverage=1.5): cameras.coverage = 1.5: out of range; allowed: a "
            "number from 0 to 1");
  EXPECT_EQ(error_of([&] { m->set_parameter("cameras.placement", "hubs"); }),
            "set_parameter(cameras.placement=hubs): cameras.placement = hubs: is read when cameras "
            "is made, and it is on at tick 11; allowed: a live parameter, or retire cameras and "
            "adopt it again");
  EXPECT_EQ(error_of([&] { m->set_parameter("lattice.width", "50"); }),
            "set_parameter(lattice.width=50): lattice.width = 50: cannot change while the model "
            "runs; allowed: a parameter marked live in `panopticon params`");
  EXPECT_NE(
      error_of([&] { m->set_parameter("cops.density", "0.5"); }).find("exceed 1 agent per cell"),
      std::string::npos)
      << "the checks across parameters apply too";
  EXPECT_NE(error_of([&] {
              m->adopt("ijop", {{"capasity", "3"}});
            }).find("ijop.capasity"),
            std::string::npos);
  // A model of plain Model I has no layer to adopt into.
  auto plain = make_model(parse_scenario("[model]\nsteps = 20\n", "p.toml"));
  EXPECT_EQ(error_of([&] { plain->adopt("cameras"); }),
            "adopt(cameras): model.compliance_layer = \"auto\": this model runs plain Model I: a "
            "mechanism can be adopted or changed only where the compliance layer runs from tick "
            "0; allowed: model.compliance_layer = \"always\" (or dissent.enabled, or the "
            "mechanism enabled with a later start_tick)");
  EXPECT_NE(error_of([&] {
              plain->set_parameter("cameras.coverage", "0.5");
            }).find("this model runs plain Model I"),
            std::string::npos);
  plain->set_parameter("legitimacy.initial", "0.6");  // Model I's own parameters may change
  // Refused changes leave the model as it was.
  const std::uint64_t before = m->state_hash();
  m->step();
  auto twin = make_model(scenario("random_sequential", "[cameras]\nenabled = true\n", 60));
  twin->run(11);
  EXPECT_EQ(m->state_hash(), twin->state_hash());
  EXPECT_NE(before, m->state_hash());
}

// With the layer always on and nothing in it, a model is Model I; a
// mechanism adopted into it then acts from the next tick.
TEST(Adoption, AlwaysOnLayerTakesMechanismsFromCode) {
  const Scenario s = parse_scenario(
      "[model]\nsteps = 50\ncompliance_layer = \"always\"\n[legitimacy]\ninitial = 0.7\n",
      "a.toml");
  auto m = make_model(s);
  m->run(20);
  m->adopt("narratives", {{"reach", "0.5"}});
  m->run(5);
  const ResultsTable& r = m->results();
  EXPECT_EQ(r.at(20, r.slot("narratives_exposed")), 0.0);
  EXPECT_GT(r.at(21, r.slot("narratives_exposed")), 400.0);
  EXPECT_EQ(m->active_mechanisms(), std::vector<std::string>{"narratives"});
}

// Retired and adopted again between the same two ticks, a mechanism is
// made afresh, with the parameters it is adopted with (even those read only
// when it is made), and a checkpoint taken after resumes to the same end.
TEST(Adoption, RetiredAndAdoptedAgainItIsMadeAfresh) {
  const auto path = std::filesystem::temp_directory_path() / "panopticon-remade.bin";
  for (const char* activation : kEngines) {
    const Scenario s = scenario(activation, "[cameras]\nenabled = true\n", 140);
    auto m = make_model(s);
    m->run(100);
    const ColumnData before = m->column("cameras_camera");
    const std::vector<std::uint8_t> uniform(before.values<std::uint8_t>().begin(),
                                            before.values<std::uint8_t>().end());
    m->retire("cameras");
    m->adopt("cameras", {{"placement", "hubs"}});
    m->step();
    EXPECT_EQ(m->active_mechanisms(), (std::vector<std::string>{"cameras", "telecom", "id_card"}));
    const ColumnData after = m->column("cameras_camera");
    const auto hubs = after.values<std::uint8_t>();
    EXPECT_FALSE(std::equal(hubs.begin(), hubs.end(), uniform.begin())) << "on hubs now";
    m->run(10);
    CheckpointWriter w;
    m->save(w);
    w.write(path);
    m->run_to_end();
    CheckpointReader in(path);
    auto resumed = load_model(s, in);
    resumed->run_to_end();
    EXPECT_EQ(resumed->state_hash(), m->state_hash()) << activation;
    expect_same_rows(resumed->results(), m->results(), 0, 140, activation);
  }
  std::filesystem::remove(path);
}

// Retiring a mechanism due to start next tick cancels its start.
TEST(Adoption, RetiringBeforeTheStartCancelsIt) {
  auto m =
      make_model(scenario("random_sequential", "[cameras]\nenabled = true\nstart_tick = 50\n", 80));
  m->run(49);
  m->retire("cameras");
  m->run_to_end();
  const ResultsTable& r = m->results();
  for (std::size_t t = 0; t <= 80; ++t) ASSERT_EQ(r.at(t, r.slot("cameras_count")), 0.0) << t;
}

// From the tick a mechanism stops, nothing of it is in force: the hardship
// and legitimacy its last sanctions gave are taken back with it.
TEST(Adoption, ARetiredMechanismLeavesNoSanctionBehind) {
  for (const char* activation : kEngines) {
    auto m = make_model(layer_scenario(
        "[dissent]\nenabled = true\n[legitimacy]\ninitial = 0.7\n[cameras]\nenabled = true\n"
        "[telecom]\nenabled = true\nshutdown_at = 0.01\n[id_card]\nenabled = true\n"
        "[social_credit]\nenabled = true\n",
        4, 120, "activation = \"" + std::string(activation) + "\"\n"));
    double sanctioned = 0.0;
    for (int probe = 0; probe < 40 && sanctioned == 0.0; ++probe) {
      m->step();
      const Society& s = m->compliance()->society();
      for (std::uint32_t id = 0; id < s.citizens; ++id)
        sanctioned += std::abs(s.hardship_delta[id]);
    }
    ASSERT_GT(sanctioned, 0.0);
    for (const char* name : {"telecom", "id_card", "social_credit"}) m->retire(name);
    m->step();
    const Society& s = m->compliance()->society();
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      ASSERT_NEAR(s.hardship_delta[id], 0.0F, 1e-6F) << activation << " citizen " << id;
      ASSERT_NEAR(s.sanction_hardship[id], 0.0F, 1e-6F);
      ASSERT_NEAR(s.legitimacy_now[id], 0.0F, 1e-6F);
    }
  }
}

// A fear that passes through 0 on a schedule lists no witness twice.
TEST(Schedules, AFearThroughZeroListsNoWitnessTwice) {
  auto m = make_model(layer_scenario(
      "[legitimacy]\ninitial = 0.7\n[public_punishment]\nenabled = true\np_public = 1\n"
      "fear_ticks = 30\nfear = { schedule = \"points\", ticks = [0, 20, 40, 60], values = [1, "
      "0, 0, 1] }\n",
      2, 100));
  for (int t = 0; t < 100; ++t) {
    m->step();
    const Society& s = m->compliance()->society();
    std::uint64_t raised = 0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) raised += s.risk_factor[id] != 1.0F ? 1U : 0U;
    ASSERT_EQ(m->results().last_row()[m->results().slot("public_punishment_afraid").index],
              static_cast<double>(raised))
        << "tick " << m->tick();
  }
  const ModelSnapshot snap = m->snapshot();
  EXPECT_EQ(restore(snap)->state_hash(), m->state_hash()) << "and it loads";
}

// Where only the card locates citizens, a platform adopted late counts
// going off grid from its adoption, not from tick 0.
TEST(Adoption, OffGridCountsFromWhenThePlatformBeganToTrack) {
  auto m = make_model(layer_scenario(
      "[id_card]\nenabled = true\nenrolment = 0.5\n[ijop]\nenabled = true\nstart_tick = 100\n"
      "w_dissent = 0\nw_active = 0\nw_contact = 0\nw_away = 0\nw_group = 0\nw_blacklist = 0\n"
      "w_offgrid = 10\ncapacity = 0\n",
      1, 130));
  m->run_to_end();
  const ResultsTable& r = m->results();
  for (std::size_t t = 100; t <= 120; ++t) ASSERT_EQ(r.at(t, r.slot("ijop_flagged")), 0.0) << t;
  // Then those without a card at liberty (about half of the citizens).
  EXPECT_GT(r.at(121, r.slot("ijop_flagged")), 250.0);
}

}  // namespace
}  // namespace panopticon
