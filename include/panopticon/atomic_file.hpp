#pragma once
// A file written under a temporary name and renamed into place by commit():
// a reader never sees a half-written file, and an aborted run leaves none.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace panopticon {

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
