#include "panopticon/sweep.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "panopticon/atomic_file.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/sensitivity_report.hpp"

namespace panopticon {
namespace {

const std::string kScenario =
    std::string(PANOPTICON_SOURCE_DIR) + "/scenarios/epstein-2002/run2.toml";

std::filesystem::path fresh_directory(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("panopticon-sweep-" + name + "-" + process_token());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

SweepPlan small_plan(const std::string& extra = "replicates = 2\n") {
  return parse_plan(R"([sweep]
scenario = ")" + kScenario +
                        R"("
design = "factorial"
metrics = ["peak_active", "outbursts", "waiting_time_mean"]
)" + extra + R"(
[set]
"model.steps" = 60
"lattice.width" = 20
"lattice.height" = 20
[[vary]]
key = "legitimacy.initial"
values = [0.75, 0.85]
[[vary]]
key = "cops.density"
values = [0.03, 0.05]
)",
                    "plan.toml", ".");
}

SweepResult sweep_into(const SweepPlan& plan, const std::filesystem::path& dir, int workers) {
  SweepOptions options;
  options.directory = dir;
  options.workers = workers;
  SweepResult result = run_sweep(plan, options);
  write_sweep_tables(plan, result, dir);
  return result;
}

TEST(Sweep, TablesAreTheSameOnOneAndTwoWorkers) {
  const SweepPlan plan = small_plan();
  const auto one = fresh_directory("one");
  const auto two = fresh_directory("two");
  const SweepResult a = sweep_into(plan, one, 1);
  const SweepResult b = sweep_into(plan, two, 2);
  EXPECT_EQ(a.ran, 8U);
  EXPECT_EQ(a.failed, 0U);
  EXPECT_EQ(read_text(one / "runs.csv"), read_text(two / "runs.csv"));
  EXPECT_EQ(read_text(one / "points.csv"), read_text(two / "points.csv"));
  // Replicates of a point differ (their seeds do), and the same replicate
  // of two points shares its seed.
  EXPECT_EQ(a.rows[0].seed, a.rows[2].seed);
  EXPECT_NE(a.rows[0].seed, a.rows[1].seed);
  std::filesystem::remove_all(one);
  std::filesystem::remove_all(two);
}

TEST(Sweep, AResumedSweepRunsOnlyWhatIsMissingAndEndsWithTheSameTables) {
  const SweepPlan plan = small_plan();
  const auto whole = fresh_directory("whole");
  sweep_into(plan, whole, 2);
  // A sweep that lost runs 1, 4 and 7 (never finished): its store without them.
  const auto part = fresh_directory("part");
  std::filesystem::copy_file(whole / kStoreFile, part / kStoreFile);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((part / kStoreFile).c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "DELETE FROM runs WHERE run_id IN (1, 4, 7)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  const SweepResult resumed = sweep_into(plan, part, 2);
  EXPECT_EQ(resumed.ran, 3U);
  EXPECT_EQ(resumed.reused, 5U);
  EXPECT_EQ(read_text(whole / "runs.csv"), read_text(part / "runs.csv"));
  EXPECT_EQ(read_text(whole / "points.csv"), read_text(part / "points.csv"));
  // Started again when everything is done, it runs nothing.
  EXPECT_EQ(sweep_into(plan, part, 1).ran, 0U);
  std::filesystem::remove_all(whole);
  std::filesystem::remove_all(part);
}

TEST(Sweep, AChangedPlanIsRefusedNamingTheChange) {
  const auto dir = fresh_directory("changed");
  sweep_into(small_plan(), dir, 2);
  try {
    sweep_into(small_plan("replicates = 3\n"), dir, 2);
    FAIL() << "a changed plan resumed another plan's sweep";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("replicates was 2, is now 3"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  remove_sweep_outputs(dir);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(Sweep, PointsTableSummarisesEachPointsReplicates) {
  const SweepPlan plan = small_plan("replicates = 3\n");
  const auto dir = fresh_directory("points");
  const SweepResult r = sweep_into(plan, dir, 2);
  // The mean in points.csv is the mean of the point's rows.
  const std::vector<double> means = point_means(r, 0);
  ASSERT_EQ(means.size(), 4U);
  for (std::size_t p = 0; p < 4; ++p) {
    double sum = 0.0;
    for (std::size_t rep = 0; rep < 3; ++rep) sum += r.rows[p * 3 + rep].metrics[0];
    EXPECT_DOUBLE_EQ(means[p], sum / 3.0);
  }
  const std::string points = read_text(dir / "points.csv");
  EXPECT_NE(points.find("peak_active_p90"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Sweep, QuantilesInterpolateAsNumpyDoes) {
  const std::vector<double> v = {1.0, 2.0, 4.0, 8.0};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.1), 1.3);  // numpy.percentile(v, 10)
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.9), 6.8);
  EXPECT_TRUE(std::isnan(quantile_sorted({}, 0.5)));
}

TEST(Sweep, TwoLevelDesignsWriteMainEffectsAndInteractions) {
  const SweepPlan plan = parse_plan(R"([sweep]
scenario = ")" + kScenario + R"("
design = "two_level"
replicates = 2
mechanisms = ["cameras", "policing", "telecom"]
metrics = ["whole_run.mean_active"]
[set]
"model.steps" = 40
"lattice.width" = 20
"lattice.height" = 20
)",
                                    "plan.toml", ".");
  const auto dir = fresh_directory("two-level");
  sweep_into(plan, dir, 2);
  const std::string effects = read_text(dir / "effects.csv");
  std::size_t lines = 0;
  for (const char c : effects) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 1U + 3U + 3U) << effects;  // header, 3 main effects, 3 interactions
  EXPECT_NE(effects.find("cameras.enabled:policing.enabled"), std::string::npos) << effects;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace panopticon

namespace panopticon {
namespace {

TEST(Sweep, AnOutcomeCrossesRanksBitForBit) {
  RunOutcome a;
  a.row.run_id = 41;
  a.row.point = 13;
  a.row.replicate = 2;
  a.row.seed = 9000000000000000000ULL;
  a.row.wall_s = 0.123;
  a.row.status = "failed";
  a.row.message = "out of memory, with \"quotes\"\nand a line";
  a.row.metrics = {0.1 + 0.2, std::numeric_limits<double>::quiet_NaN(), -0.0};
  a.series = "tick,active\n0,1\n";
  const std::string bytes = encode_outcome(a);
  const RunOutcome b = decode_outcome(bytes);
  EXPECT_EQ(b.row.run_id, 41);
  EXPECT_EQ(b.row.point, 13);
  EXPECT_EQ(b.row.replicate, 2);
  EXPECT_EQ(b.row.seed, a.row.seed);
  EXPECT_EQ(b.row.wall_s, a.row.wall_s);
  EXPECT_EQ(b.row.status, a.row.status);
  EXPECT_EQ(b.row.message, a.row.message);
  EXPECT_EQ(b.series, a.series);
  ASSERT_EQ(b.row.metrics.size(), 3U);
  EXPECT_EQ(b.row.metrics[0], 0.1 + 0.2);
  EXPECT_TRUE(std::isnan(b.row.metrics[1]));
  EXPECT_TRUE(std::signbit(b.row.metrics[2]));
  // Bytes cut short or with a tail are refused, never read past.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW(decode_outcome(std::string_view(bytes).substr(0, n)), std::runtime_error) << n;
  }
  EXPECT_THROW(decode_outcome(bytes + "x"), std::runtime_error);
}

}  // namespace
}  // namespace panopticon
