#include "panopticon/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace panopticon {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("panopticon-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(AtomicFile, TargetAppearsOnlyAtCommit) {
  const auto dir = fresh_dir("commit");
  {
    AtomicFile f(dir / "a.txt");
    f.write("hello");
    f.flush();
    EXPECT_FALSE(std::filesystem::exists(dir / "a.txt"));
    f.commit();
  }
  std::ifstream in(dir / "a.txt");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "hello");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST(AtomicFile, AbandonedFileLeavesNothingAndKeepsTheOldTarget) {
  const auto dir = fresh_dir("abandon");
  write_file_atomically(dir / "a.txt", "old");
  {
    AtomicFile f(dir / "a.txt");
    f.write("half of the new");
  }
  std::ifstream in(dir / "a.txt");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST(AtomicFile, UnwritableDirectoryIsAClearError) {
  EXPECT_THROW(AtomicFile("/nonexistent-dir/x.csv"), std::runtime_error);
}

}  // namespace
}  // namespace panopticon
