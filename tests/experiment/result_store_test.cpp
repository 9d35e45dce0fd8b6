#include "panopticon/result_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "panopticon/atomic_file.hpp"

namespace panopticon {
namespace {

std::filesystem::path fresh_directory(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("panopticon-store-" + name + "-" + process_token());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

RunRecordRow row_of(std::int64_t id, const std::string& status, double metric) {
  RunRecordRow r;
  r.run_id = id;
  r.point = id / 2;
  r.replicate = id % 2;
  r.seed = 1 + static_cast<std::uint64_t>(r.replicate);
  r.status = status;
  r.wall_s = 0.25;
  r.values = {"0.5", "\"exact\""};
  r.metrics = {metric, std::numeric_limits<double>::quiet_NaN()};
  return r;
}

TEST(ResultStore, RowsSurviveReopeningWithUndefinedMetricsAsNull) {
  const auto dir = fresh_directory("rows");
  {
    ResultStore store(dir, {"citizens.density", "rules.placement"}, {"peak_active", "x.y"});
    EXPECT_FALSE(store.check_plan({{"design", "factorial"}}).has_value());
    store.record(row_of(1, "ok", 0.1 + 0.2));
    store.record(row_of(0, "failed", std::numeric_limits<double>::quiet_NaN()));
  }
  ResultStore store(dir, {"citizens.density", "rules.placement"}, {"peak_active", "x.y"});
  const auto rows = store.rows();
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].run_id, 0);  // by run id, whatever order they were written in
  EXPECT_EQ(rows[0].status, "failed");
  EXPECT_TRUE(std::isnan(rows[0].metrics[0]));
  EXPECT_EQ(rows[1].metrics[0], 0.1 + 0.2);  // bit for bit
  EXPECT_TRUE(std::isnan(rows[1].metrics[1]));
  EXPECT_EQ(rows[1].values[1], "exact");
  EXPECT_EQ(store.finished_runs(), std::vector<std::int64_t>{1});
  // A run written again replaces its row.
  store.record(row_of(0, "ok", 7.0));
  EXPECT_EQ(store.finished_runs(), (std::vector<std::int64_t>{0, 1}));
  std::filesystem::remove_all(dir);
}

TEST(ResultStore, AnotherPlanIsNamedByWhatChanged) {
  const auto dir = fresh_directory("plan");
  {
    ResultStore store(dir, {"a.b"}, {"m"});
    EXPECT_FALSE(store.check_plan({{"design", "factorial"}, {"replicates", "4"}}).has_value());
  }
  ResultStore store(dir, {"a.b"}, {"m"});
  EXPECT_FALSE(store.check_plan({{"design", "factorial"}, {"replicates", "4"}}).has_value());
  const auto changed = store.check_plan({{"design", "factorial"}, {"replicates", "8"}});
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(*changed, "replicates was 4, is now 8");
  const auto scenario = store.check_plan({{"design", "factorial"}, {"replicates", "4"}});
  EXPECT_FALSE(scenario.has_value());
  std::filesystem::remove_all(dir);
}

TEST(ResultStore, AFileThatIsNoStoreIsRefusedByName) {
  const auto dir = fresh_directory("garbage");
  {
    std::ofstream out(dir / kStoreFile);
    out << "this is not a SQLite database, but it is long enough to look like a header.......";
  }
  try {
    ResultStore store(dir, {"a.b"}, {"m"});
    store.check_plan({{"design", "factorial"}});
    FAIL() << "a text file was taken for a store";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / kStoreFile).string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  std::filesystem::remove(dir / kStoreFile);
  std::filesystem::create_directory(dir / kStoreFile);
  try {
    ResultStore store(dir, {"a.b"}, {"m"});
    FAIL() << "a directory was taken for a store";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace panopticon
