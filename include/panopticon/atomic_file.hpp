#pragma once
// A file written under a temporary name and renamed into place by commit():
// a reader never sees a half-written file, and an aborted run leaves none.
// The temporary name is the target's with ".partial-<token>" added, where
// the token is this process's own (process_token()): the program removes a
// temporary file only when it can prove that it made it, by a token
// recorded in the output directory's lock (output_lock.hpp).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace panopticon {

// 16 hex digits drawn once per process at random: the token in the names
// of this process's temporary files.
const std::string& process_token();

// A write that failed because the disk (or the quota, or the file size
// limit, ulimit -f) is full: ENOSPC, EDQUOT or EFBIG. what(): "no space left
// writing PATH: No space left on device". Any other failure is a
// std::runtime_error.
class DiskFullError : public std::runtime_error {
 public:
  DiskFullError(std::filesystem::path path, const std::string& reason);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};
// "NAME.partial-<token>" for `path`, NAME being its file name.
std::filesystem::path temporary_path(const std::filesystem::path& path,
                                     const std::string& token = process_token());

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  // Writes through the given temporary file. With keep_bytes, the temporary
  // file must exist: it is cut back to its first keep_bytes bytes and
  // writing continues after them (a run resumed from a checkpoint).
  AtomicFile(std::filesystem::path target, std::filesystem::path temporary,
             std::optional<std::uint64_t> keep_bytes);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  void flush();
  // Flushes, syncs and renames the temporary file to the target.
  void commit();
  const std::filesystem::path& target() const { return target_; }
  std::uint64_t bytes_written() const { return bytes_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
  std::uint64_t bytes_ = 0;
  bool keep_on_abandon_ = false;  // a resumable temporary survives an exception
};

// Writes `text` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace panopticon
