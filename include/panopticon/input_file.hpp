#pragma once
// The one rule for every file the program reads as input (a scenario, a
// checkpoint): it must be a regular file once symbolic links are resolved,
// and no larger than a limit, both checked before a byte is read. A
// directory, a FIFO, a device or a socket is refused by what it is, so a
// FIFO never blocks and /dev/zero is never read until memory runs out; a
// file over the limit is refused by its size, so nothing is read unbounded.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace panopticon {

// A scenario is a page of TOML; the shipped ones are a few kB. 4 MiB leaves
// room for long schedules and comments and keeps a wrong path harmless.
inline constexpr std::uint64_t kScenarioMostBytes = std::uint64_t{4} << 20;

// An input that is not a regular file within its limit. problem() is a
// predicate for a message about path(): "is a directory", "is a FIFO",
// "is a symbolic link to /dev/zero, which is a character device",
// "is 9 MiB (9437184 bytes); a scenario is at most 4 MiB", "does not exist".
// Callers put it into their own errors (ScenarioError, CheckpointError).
class InputFileError : public std::runtime_error {
 public:
  InputFileError(std::filesystem::path path, std::string problem);
  const std::filesystem::path& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::filesystem::path path_;
  std::string problem_;
};

// Why `path` is not a regular file, in the words of InputFileError's
// problem(), or nothing when it is one (symbolic links resolved).
std::optional<std::string> not_a_regular_file(const std::filesystem::path& path);

// "9 MiB (9437184 bytes)", "512 bytes": a size as a message gives it.
std::string size_text(std::uint64_t bytes);

// An input file open for reading. The constructor classifies the path
// before opening it, opens it without blocking, and checks the open file
// again (the path may have changed in between): a regular file of at most
// `most_bytes` bytes, or InputFileError. `what` names the input in the size
// message ("a scenario is at most 4 MiB").
class InputFile {
 public:
  InputFile(std::filesystem::path path, std::string what, std::uint64_t most_bytes);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // The size the open file had when it was checked; read() never goes past it.
  std::uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }
  // The next `n` bytes into `out`; throws InputFileError when the file ends
  // first (it shrank while open) or cannot be read.
  void read(void* out, std::uint64_t n);
  // Every byte from the current position to size().
  std::string read_rest();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t at_ = 0;
};

// The whole of an input file, under the rule above.
std::string read_input_file(const std::filesystem::path& path, const std::string& what,
                            std::uint64_t most_bytes);

}  // namespace panopticon
