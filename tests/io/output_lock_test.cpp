#include "panopticon/output_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "panopticon/atomic_file.hpp"

namespace panopticon {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("panopticon-lock-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string lock_error(const std::filesystem::path& dir) {
  try {
    const OutputLock lock(dir);
  } catch (const OutputLockError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(OutputLock, ASecondHolderIsRefusedByNameAndPid) {
  const auto dir = fresh_dir("second");
  {
    const OutputLock first(dir);
    const std::string text = read_text(dir / kLockFile);
    EXPECT_NE(text.find("pid " + std::to_string(::getpid()) + "\n"), std::string::npos) << text;
    EXPECT_NE(text.find("token " + process_token() + "\n"), std::string::npos) << text;
    EXPECT_EQ(lock_error(dir),
              "output directory " + dir.string() + " is in use by process " +
                  std::to_string(::getpid()) + ", which holds its lock " +
                  (dir / kLockFile).string() +
                  ": two runs writing one directory would corrupt each other's files; wait for "
                  "it to finish, or write elsewhere with --out");
  }
  EXPECT_FALSE(std::filesystem::exists(dir / kLockFile)) << "removed when released";
  EXPECT_EQ(lock_error(dir), "(no error)") << "free again";
}

TEST(OutputLock, ALockLeftByAKilledProcessDoesNotBlock) {
  const auto dir = fresh_dir("killed");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const OutputLock lock(dir);
    ::raise(SIGKILL);  // dies holding the lock
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::string left = read_text(dir / kLockFile);
  EXPECT_NE(left.find("pid " + std::to_string(child) + "\n"), std::string::npos)
      << "a killed holder leaves its file: " << left;
  write_text(dir / "notes.partial-1234", "the user's");
  {
    const OutputLock again(dir);
    EXPECT_NE(read_text(dir / kLockFile).find("pid " + std::to_string(::getpid()) + "\n"),
              std::string::npos);
  }
  EXPECT_EQ(read_text(dir / "notes.partial-1234"), "the user's");
}

TEST(OutputLock, TakingOverADeadHoldersLockRemovesOnlyItsTemporaryFiles) {
  const auto dir = fresh_dir("takeover");
  const std::string dead = "00112233aabbccdd";
  write_text(dir / kLockFile, "pid 999999\nhost elsewhere\ntoken " + dead + "\n");
  write_text(dir / ("summary.json.partial-" + dead), "torn");
  write_text(dir / ("checkpoint.bin.partial-" + dead), "torn");
  write_text(dir / "checkpoint.bin.partial-99", "the user's");
  write_text(dir / ("notes-" + dead), "the user's");
  write_text(dir / "checkpoint.bin", "a checkpoint");
  {
    const OutputLock lock(dir);
    EXPECT_FALSE(std::filesystem::exists(dir / ("summary.json.partial-" + dead)));
    EXPECT_FALSE(std::filesystem::exists(dir / ("checkpoint.bin.partial-" + dead)));
    EXPECT_EQ(read_text(dir / "checkpoint.bin.partial-99"), "the user's");
    EXPECT_EQ(read_text(dir / ("notes-" + dead)), "the user's");
    EXPECT_EQ(read_text(dir / "checkpoint.bin"), "a checkpoint");
  }
}

TEST(OutputLock, AMissingDirectoryOrAFileIsAClearError) {
  const auto dir = fresh_dir("missing");
  EXPECT_EQ(lock_error(dir / "nothere"),
            "output directory " + (dir / "nothere").string() + " does not exist");
  write_text(dir / "file", "x");
  EXPECT_EQ(lock_error(dir / "file"),
            "output directory " + (dir / "file").string() + " is not a directory");
}

TEST(OutputLock, RemovesTemporaryFilesOfATokenOnly) {
  const auto dir = fresh_dir("remove");
  const std::string token = "0123456789abcdef";
  write_text(dir / ("a.partial-" + token), "");
  write_text(dir / ("b.partial-" + token + "0"), "");
  write_text(dir / ("partial-" + token), "");
  std::filesystem::create_directories(dir / ("d.partial-" + token));
  EXPECT_EQ(remove_temporary_files(dir, token), 1);
  EXPECT_TRUE(std::filesystem::exists(dir / ("b.partial-" + token + "0")));
  EXPECT_TRUE(std::filesystem::exists(dir / ("partial-" + token)));
  EXPECT_TRUE(std::filesystem::exists(dir / ("d.partial-" + token)));
  EXPECT_EQ(remove_temporary_files(dir, "*"), 0) << "not a token";
}

}  // namespace
}  // namespace panopticon
