#include "panopticon/world_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "panopticon/model.hpp"
#include "world_fixture.hpp"

namespace panopticon {
namespace {

using world_test::importer;
using world_test::world_text;
using world_test::WorldFiles;

bool same_table(const ResultsTable& a, const ResultsTable& b) {
  if (a.rows() != b.rows() || a.width() != b.width()) return false;
  for (std::size_t t = 0; t < a.rows(); ++t) {
    const auto ra = a.row(t);
    const auto rb = b.row(t);
    // Bit for bit, NaN included.
    if (std::memcmp(ra.data(), rb.data(), ra.size_bytes()) != 0) return false;
  }
  return true;
}

std::string historical_countries() {
  return importer(
             "A",
             R"(events = [{ package = "cameras", year = 2009 }, { package = "training", year = 2009 }])") +
         importer("B", R"(events = [{ package = "telecom", year = 2010, terms = "free" }])");
}

TEST(WorldRun, WithoutExportsEveryCountryIsItsStandAloneRunBitForBit) {
  const WorldFiles files("standalone");
  const WorldSpec w = files.parse(world_text("historical", historical_countries()));
  WorldOptions options;
  options.exports = false;
  options.keep_models = true;
  options.threads = 2;
  const WorldResult r = run_world(w, options);
  EXPECT_TRUE(r.adoptions.empty());
  EXPECT_TRUE(r.changes.empty());
  ASSERT_EQ(r.models.size(), w.countries.size());
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const std::unique_ptr<Model> alone = make_model(country_scenario(w, i));
    alone->run_to_end();
    EXPECT_EQ(alone->tick(), w.total_ticks());
    EXPECT_EQ(r.models[i]->tick(), w.total_ticks());
    EXPECT_TRUE(same_table(alone->results(), r.models[i]->results())) << w.countries[i].name;
    EXPECT_EQ(alone->state_hash(), r.state_hashes[i]) << w.countries[i].name;
  }
}

TEST(WorldRun, HistoricalEventsSwitchTheirMechanismsOnAsTheirYearStarts) {
  const WorldFiles files("events");
  const WorldSpec w = files.parse(world_text("historical", historical_countries()));
  WorldOptions options;
  options.keep_models = true;
  const WorldResult r = run_world(w, options);
  ASSERT_EQ(r.adoptions.size(), 3U);
  EXPECT_EQ(r.adoptions[0].year, 2009);
  EXPECT_EQ(r.adoptions[0].package, Package::kCameras);
  EXPECT_EQ(r.adoptions[0].how, Acquisition::kEvent);
  // Cameras in A from the first tick of 2009 (tick 2 x 20 + 1), not before.
  const ResultsTable& a = r.models[1]->results();
  const auto count = a.column("cameras_count");
  const auto start = static_cast<std::size_t>(w.year_start_tick(2009));
  EXPECT_EQ(count[start], 0.0);
  EXPECT_GT(count[start + 1], 0.0);
  // B's telecom from 2010; A never has telecom.
  const auto links = r.models[2]->results().column("telecom_monitored_links");
  EXPECT_EQ(links[static_cast<std::size_t>(w.year_start_tick(2010))], 0.0);
  EXPECT_GT(links[static_cast<std::size_t>(w.year_start_tick(2010)) + 1], 0.0);
  const auto on = r.models[1]->active_mechanisms();
  EXPECT_EQ(std::count(on.begin(), on.end(), "telecom"), 0);
  // The year rows say what was held.
  for (const CountryYear& y : r.years) {
    if (y.country != 1) continue;
    EXPECT_EQ((y.packages & package_bit(Package::kCameras)) != 0, y.year >= 2009) << y.year;
  }
}

TEST(WorldRun, TrainingRaisesItsTargetsAsDocumented) {
  const WorldFiles files("training");
  const WorldSpec w = files.parse(world_text("historical", historical_countries(), "") + R"(
[training]
years = 2
rate = 0.5
targets = { "cameras.tpr" = 0.98, "telecom.detect" = 0.9 }
)");
  const WorldResult r = run_world(w, WorldOptions{});
  // A: trained from 2009, cameras on (tpr 0.9 -> 0.94 -> 0.96), no telecom
  // (not trained); the steps in the two years after adoption, then none.
  std::vector<WorldParameterChange> training;
  for (const auto& c : r.changes) {
    if (c.why == "training") training.push_back(c);
  }
  ASSERT_EQ(training.size(), 2U);
  EXPECT_EQ(training[0].year, 2010);
  EXPECT_EQ(training[0].key, "cameras.tpr");
  EXPECT_DOUBLE_EQ(training[0].value, 0.9 + 0.5 * (0.98 - 0.9));
  EXPECT_EQ(training[1].year, 2011);
  EXPECT_DOUBLE_EQ(training[1].value, training[0].value + 0.5 * (0.98 - training[0].value));
}

TEST(WorldRun, TrainingHeldBeforeTheWorldStartsStepsThroughTheBurnIn) {
  // Held from 2006 with cameras: its two steps fall in 2007 (the burn-in
  // year) and 2008, the two years after it came; none is lost.
  const WorldFiles files("training-held");
  const WorldSpec w = files.parse(
      world_text(
          "historical",
          importer(
              "A",
              R"(holds = [{ package = "cameras", year = 2006 }, { package = "training", year = 2006 }])"),
          "") +
      R"(
[training]
years = 2
rate = 0.5
targets = { "cameras.tpr" = 0.98 }
)");
  ASSERT_EQ(w.start_year - w.burn_in_years, 2007);
  const WorldResult r = run_world(w, WorldOptions{});
  std::vector<int> years;
  for (const auto& c : r.changes) {
    if (c.why == "training") years.push_back(c.year);
  }
  EXPECT_EQ(years, (std::vector<int>{2007, 2008}));
}

TEST(WorldRun, APackageSwitchesOnAMechanismItsScenarioStartsOnlyLater) {
  // The scenario enables cameras from a tick after the run: the package of
  // 2009 switches them on then, not at that later start.
  const WorldFiles files("late-start");
  files.write("late.toml",
              std::string(world_test::kImporter) + "enabled = true\nstart_tick = 100000\n");
  const WorldSpec w = files.parse(
      world_text("historical",
                 importer("A", R"(events = [{ package = "cameras", year = 2009 }])", "late.toml")));
  WorldOptions options;
  options.keep_models = true;
  const WorldResult r = run_world(w, options);
  const auto count = r.models[1]->results().column("cameras_count");
  const auto start = static_cast<std::size_t>(w.year_start_tick(2009));
  EXPECT_EQ(count[start], 0.0);
  EXPECT_GT(count[start + 1], 0.0);
}

TEST(WorldRun, FinancingShiftsHardshipAsItsTermsSay) {
  const WorldFiles files("financing");
  const WorldSpec w = files.parse(world_text("historical", historical_countries(), "") + R"(
[financing]
relief = 0.03
relief_years = 1
debt_service = 0.05
grace_years = 1
service_years = 5
)");
  const WorldResult r = run_world(w, WorldOptions{});
  std::map<std::pair<std::size_t, int>, double> shift;
  for (const auto& c : r.changes) {
    if (c.why == "financing") shift[{c.country, c.year}] = c.value;
  }
  // A: cameras paid in 2009: relief 0.03 in 2009, then debt service 0.05
  // from 2010; its training, know-how, is no financing. B: telecom free in
  // 2010: relief only.
  EXPECT_DOUBLE_EQ(shift.at({1, 2009}), -0.03);
  EXPECT_DOUBLE_EQ(shift.at({1, 2010}), 0.05);
  EXPECT_DOUBLE_EQ(shift.at({2, 2010}), -0.03);
  EXPECT_DOUBLE_EQ(shift.at({2, 2011}), 0.0);
}

TEST(WorldRun, ResultsAreTheSameOnOneAndTwoThreads) {
  const WorldFiles files("threads");
  const WorldSpec w =
      files.parse(world_text("simulated", importer("A") + importer("B") + importer("C")));
  WorldOptions one;
  one.threads = 1;
  WorldOptions two;
  two.threads = 2;
  const WorldResult a = run_world(w, one);
  const WorldResult b = run_world(w, two);
  EXPECT_EQ(a.state_hashes, b.state_hashes);
  ASSERT_EQ(a.adoptions.size(), b.adoptions.size());
  for (std::size_t k = 0; k < a.adoptions.size(); ++k) {
    EXPECT_EQ(a.adoptions[k].country, b.adoptions[k].country);
    EXPECT_EQ(a.adoptions[k].package, b.adoptions[k].package);
    EXPECT_EQ(a.adoptions[k].year, b.adoptions[k].year);
  }
  ASSERT_EQ(a.offers.size(), b.offers.size());
  for (std::size_t k = 0; k < a.offers.size(); ++k) {
    EXPECT_EQ(a.offers[k].probability, b.offers[k].probability);
  }
}

TEST(WorldRun, ACountryThatTakesNothingRunsOnTheSameRandomNumbersWithAndWithoutExports) {
  const WorldFiles files("crn");
  const WorldSpec w = files.parse(world_text("historical", historical_countries() + importer("C")));
  WorldOptions without;
  without.exports = false;
  const WorldResult with = run_world(w, WorldOptions{});
  const WorldResult none = run_world(w, without);
  EXPECT_EQ(with.state_hashes[0], none.state_hashes[0]);  // the exporter
  EXPECT_EQ(with.state_hashes[3], none.state_hashes[3]);  // C, no event
  EXPECT_NE(with.state_hashes[1], none.state_hashes[1]);  // A took cameras
}

TEST(WorldRun, ALiberalDemocracyWithoutUnrestOrCrimeNeverAdopts) {
  // Simulated mode, every package offered every year on free terms, over
  // 20 replicates: a calm open country with no crime takes nothing, while
  // a closed one beside it does.
  const WorldFiles files("democracy");
  const WorldSpec w =
      files.parse(world_text("simulated",
                             importer("Democracy", "crime = 0.0", "calm.toml", 1.0) +
                                 importer("Autocracy", "crime = 0.0", "calm.toml"),
                             "") +
                  "[push]\noffer_at = 0.0\nfree_at = 0.0\npartly_free_at = 0.0\n");
  int autocracy = 0;
  for (int r = 0; r < 20; ++r) {
    WorldOptions o;
    o.replicate = r;
    const WorldResult result = run_world(w, o);
    for (const Offer& offer : result.offers) {
      if (offer.country == 1) {
        EXPECT_EQ(offer.inputs.unrest, 0.0);
        EXPECT_EQ(offer.probability, 0.0);
      }
    }
    for (const Adoption& a : result.adoptions) {
      EXPECT_NE(a.country, 1U) << "replicate " << r;
      autocracy += a.country == 2 ? 1 : 0;
    }
  }
  EXPECT_GT(autocracy, 0);
}

}  // namespace
}  // namespace panopticon
