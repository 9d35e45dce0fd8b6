#include "panopticon/world_session.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "panopticon/checkpoint.hpp"
#include "world_fixture.hpp"

namespace panopticon {
namespace {

using world_test::importer;
using world_test::world_text;
using world_test::WorldFiles;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const kTables[] = {"adoptions.csv",       "offers.csv",  "changes.csv",
                               "country_years.csv",   "regions.csv", "compare.csv",
                               "compare_summary.csv", "world.json"};

WorldSpec simulated_world(const WorldFiles& files) {
  return files.parse(world_text("simulated", importer("A") + importer("B") + importer("C")) +
                     "[push]\noffer_at = 0.0\n[pull]\nbase = 0.3\n");
}

TEST(WorldSession, AStoppedRunResumesToTheSameTablesAsOneNeverStopped) {
  const WorldFiles files("resume");
  const WorldSpec w = simulated_world(files);
  WorldSessionOptions whole;
  whole.replicates = 2;
  const auto uninterrupted = run_world_session(w, whole);
  ASSERT_TRUE(uninterrupted.has_value());
  std::filesystem::create_directories(files.dir() / "whole");
  write_world_tables(w, *uninterrupted, files.dir() / "whole");
  std::size_t adoptions = 0;
  for (const auto& r : *uninterrupted) adoptions += r.with.adoptions.size();
  ASSERT_GT(adoptions, 0U) << "a test of resume needs a world where something is adopted";

  // 2 replicates x 2 worlds x 5 years: stopped in the middle of each world
  // in turn, and at a world's end, then resumed (twice for some).
  for (const std::int64_t stop : {3, 5, 7, 12, 18}) {
    WorldSessionOptions first = whole;
    first.checkpoint = files.dir() / fmt::format("stop-{}.checkpoint", stop);
    first.checkpoint_years = 2;
    first.stop_after_years = stop;
    ASSERT_FALSE(run_world_session(w, first).has_value());
    WorldSessionOptions again = first;
    again.resume = true;
    again.stop_after_years = stop + 1 < 20 ? stop + 1 : 0;
    auto resumed = run_world_session(w, again);
    if (!resumed) {
      again.stop_after_years = 0;
      resumed = run_world_session(w, again);
    }
    ASSERT_TRUE(resumed.has_value());
    const auto dir = files.dir() / fmt::format("resumed-{}", stop);
    std::filesystem::create_directories(dir);
    write_world_tables(w, *resumed, dir);
    for (const char* table : kTables) {
      EXPECT_EQ(read_text(dir / table), read_text(files.dir() / "whole" / table))
          << table << " after a stop at " << stop;
    }
  }
}

TEST(WorldSession, ACheckpointOfAnotherWorldOrOtherOptionsIsRefused) {
  const WorldFiles files("refuse");
  const WorldSpec w = simulated_world(files);
  WorldSessionOptions first;
  first.checkpoint = files.dir() / "world.checkpoint";
  first.stop_after_years = 2;
  ASSERT_FALSE(run_world_session(w, first).has_value());
  WorldSessionOptions other = first;
  other.resume = true;
  other.replicates = 3;
  try {
    (void)run_world_session(w, other);
    FAIL() << "resumed with other replicates";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("--replicates 1, not 3"), std::string::npos) << e.what();
  }
  // A --set changes the world as much as its file does.
  const WorldSpec set =
      files.parse(world_text("simulated", importer("A") + importer("B") + importer("C")) +
                      "[push]\noffer_at = 0.0\n[pull]\nbase = 0.3\n",
                  {Override("pull.base", "0.4")});
  try {
    (void)run_world_session(set, other);
    FAIL() << "resumed with another pull.base";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("another world"), std::string::npos) << e.what();
  }
  const WorldSpec changed = files.parse(world_text("simulated", importer("A") + importer("B")));
  other.replicates = 1;
  try {
    (void)run_world_session(changed, other);
    FAIL() << "resumed another world";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("another world"), std::string::npos) << e.what();
  }
  // A corrupt checkpoint is refused by its checksum, naming the file.
  {
    std::fstream f(first.checkpoint, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x7f');
  }
  try {
    (void)run_world_session(w, other);
    FAIL() << "resumed a corrupt checkpoint";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("world.checkpoint"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace panopticon
