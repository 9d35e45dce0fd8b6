#include "panopticon/world_tables.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <vector>

#include "world_fixture.hpp"

namespace panopticon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(WorldTables, ASummaryTakesItsMeansAndDifferenceOverTheSamePairs) {
  // Replicate 1 is undefined without exports: it says nothing, on either side.
  const std::vector<double> with{1.0, 100.0, 3.0};
  const std::vector<double> without{0.0, kNaN, 1.0};
  const WorldComparison c = summarise_pairs(with, without);
  EXPECT_EQ(c.replicates, 2U);
  EXPECT_DOUBLE_EQ(c.with, 2.0);
  EXPECT_DOUBLE_EQ(c.without, 0.5);
  EXPECT_DOUBLE_EQ(c.difference, c.with - c.without);
  EXPECT_DOUBLE_EQ(c.standard_error, 0.5);  // differences 1 and 2: sd 0.707 / sqrt 2
}

TEST(WorldTables, NoPairNoNumbers) {
  const std::vector<double> with{kNaN, 2.0};
  const std::vector<double> without{1.0, kNaN};
  const WorldComparison c = summarise_pairs(with, without);
  EXPECT_EQ(c.replicates, 0U);
  EXPECT_TRUE(std::isnan(c.with));
  EXPECT_TRUE(std::isnan(c.without));
  EXPECT_TRUE(std::isnan(c.difference));
}

}  // namespace
}  // namespace panopticon

namespace panopticon {
namespace {

TEST(WorldTables, WorldJsonRecordsTheScenariosAsTheyRanEvenIfTheirFilesGoAway) {
  const world_test::WorldFiles files("tables-json");
  const WorldSpec w = files.parse(world_test::world_text("historical", world_test::importer("A")));
  std::vector<WorldReplicate> runs(1);
  runs[0].with = run_world(w, WorldOptions{});
  // The files change (here: vanish) before the tables are written.
  std::filesystem::remove(files.dir() / "importer.toml");
  std::filesystem::remove(files.dir() / "exporter.toml");
  const std::filesystem::path out = files.dir() / "out";
  std::filesystem::create_directories(out);
  write_world_tables(w, runs, out);
  std::ifstream in(out / "world.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  const nlohmann::json& a = j["countries"][1];
  EXPECT_EQ(a["name"], "A");
  EXPECT_EQ(a["lattice"][0], 24);  // 400 agents at density 0.7
  EXPECT_EQ(a["seed"], country_seed(w, 1, 0));
  EXPECT_DOUBLE_EQ(a["legitimacy"].get<double>(), w.countries[1].as_run.legitimacy);
}

}  // namespace
}  // namespace panopticon
