#include "panopticon/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "panopticon/checkpoint.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("panopticon-input-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string problem_of(const std::filesystem::path& p, std::uint64_t most = 1024) {
  try {
    (void)read_input_file(p, "scenario", most);
  } catch (const InputFileError& e) {
    EXPECT_EQ(e.path(), p);
    return e.problem();
  }
  return "(no error)";
}

std::string scenario_error(const std::filesystem::path& p) {
  try {
    (void)load_scenario(p.string());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string checkpoint_error(const std::filesystem::path& p) {
  try {
    CheckpointReader in(p);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(InputFile, ReadsARegularFileAndOneBehindASymbolicLink) {
  const auto dir = fresh_dir("regular");
  write_text(dir / "a.toml", "[model]\nsteps = 3\n");
  std::filesystem::create_symlink(dir / "a.toml", dir / "link.toml");
  EXPECT_EQ(read_input_file(dir / "a.toml", "scenario", 1024), "[model]\nsteps = 3\n");
  EXPECT_EQ(read_input_file(dir / "link.toml", "scenario", 1024), "[model]\nsteps = 3\n");
  EXPECT_EQ(not_a_regular_file(dir / "link.toml"), std::nullopt);
}

TEST(InputFile, NamesWhatAPathIsWhenItIsNotARegularFile) {
  const auto dir = fresh_dir("kinds");
  EXPECT_EQ(problem_of(dir), "is a directory");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  // A FIFO with no writer: refused at once, never waited on.
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(problem_of(dir / "fifo"), "is a FIFO");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(problem_of("/dev/null"), "is a character device");
  std::filesystem::create_symlink("/dev/zero", dir / "zero.toml");
  EXPECT_EQ(problem_of(dir / "zero.toml"),
            "is a symbolic link to /dev/zero, which is a character device");
  std::filesystem::create_symlink(dir / "nothere", dir / "dangling.toml");
  EXPECT_EQ(problem_of(dir / "dangling.toml"),
            "is a symbolic link to " + (dir / "nothere").string() + ", which does not exist");
  EXPECT_EQ(problem_of(dir / "missing.toml"), "does not exist");
}

TEST(InputFile, RefusesAFileOverItsLimitBeforeReadingIt) {
  const auto dir = fresh_dir("size");
  write_text(dir / "big.toml", std::string(2000, '#'));
  EXPECT_EQ(problem_of(dir / "big.toml", 1024), "is 2000 bytes; a scenario is at most 1024 bytes");
  // A sparse file: its size is refused without a byte being read.
  std::filesystem::resize_file(dir / "big.toml", std::uint64_t{9} << 20);
  EXPECT_EQ(problem_of(dir / "big.toml", kScenarioMostBytes),
            "is 9 MiB (9437184 bytes); a scenario is at most 4 MiB");
  EXPECT_EQ(size_text((std::uint64_t{4} << 20) + 1), "4.0 MiB (4194305 bytes)");
}

TEST(InputFile, ScenarioErrorsNameThePathAndWhatItIs) {
  const auto dir = fresh_dir("scenario");
  const std::string allowed = "; allowed: a regular file of TOML text of at most 4 MiB";
  EXPECT_EQ(scenario_error(dir), dir.string() + ": the scenario file is a directory" + allowed);
  write_text(dir / "big.toml", "");
  std::filesystem::resize_file(dir / "big.toml", std::uint64_t{9} << 20);
  EXPECT_EQ(scenario_error(dir / "big.toml"),
            (dir / "big.toml").string() +
                ": the scenario file is 9 MiB (9437184 bytes); a scenario is at most 4 MiB" +
                allowed);
}

TEST(InputFile, AnEmptyOrCommentOnlyScenarioIsAnError) {
  const auto dir = fresh_dir("empty");
  const std::string allowed =
      "; allowed: a scenario that sets at least one key, for example steps = 1000 under [model] "
      "(the files in scenarios/ are complete examples)";
  write_text(dir / "empty.toml", "");
  EXPECT_EQ(scenario_error(dir / "empty.toml"),
            (dir / "empty.toml").string() +
                ": has no tables or keys (it is empty or holds only comments)" + allowed);
  write_text(dir / "comments.toml", "# nothing here\n\n   # nor here\n");
  EXPECT_EQ(scenario_error(dir / "comments.toml"),
            (dir / "comments.toml").string() +
                ": has no tables or keys (it is empty or holds only comments)" + allowed);
  write_text(dir / "tables.toml", "[model]\n[citizens]\n");
  EXPECT_EQ(scenario_error(dir / "tables.toml"),
            (dir / "tables.toml").string() + ": has tables but no keys" + allowed);
  write_text(dir / "one.toml", "[model]\nsteps = 10\n");
  EXPECT_EQ(load_scenario((dir / "one.toml").string()).steps, 10);
  // Text, rather than a file, may still be empty: the defaults.
  EXPECT_NO_THROW(parse_scenario("", "(defaults)"));
}

TEST(InputFile, CheckpointErrorsNameThePathAndWhatItIs) {
  const auto dir = fresh_dir("checkpoint");
  const std::string tail =
      "; a checkpoint is the regular file that a run with --checkpoint-every writes";
  std::filesystem::create_directories(dir / "checkpoint.bin");
  EXPECT_EQ(checkpoint_error(dir / "checkpoint.bin"),
            "checkpoint " + (dir / "checkpoint.bin").string() + " is a directory" + tail);
  std::filesystem::create_symlink("/dev/zero", dir / "zero.bin");
  EXPECT_EQ(checkpoint_error(dir / "zero.bin"),
            "checkpoint " + (dir / "zero.bin").string() +
                " is a symbolic link to /dev/zero, which is a character device" + tail);
  // A huge file whose header is not a checkpoint's: refused from its first
  // bytes, not read.
  write_text(dir / "sparse.bin", "PANOPTICON-CKPT");
  std::filesystem::resize_file(dir / "sparse.bin", std::uint64_t{8} << 30);
  EXPECT_EQ(checkpoint_error(dir / "sparse.bin"),
            "checkpoint " + (dir / "sparse.bin").string() +
                " has checkpoint format 0, written by an older panopticon; this program reads "
                "format " +
                std::to_string(kCheckpointFormat) +
                ". Resume it with the version that wrote it, or start the run again");
  std::filesystem::remove(dir / "sparse.bin");
}

}  // namespace
}  // namespace panopticon
