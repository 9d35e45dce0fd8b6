#pragma once
// A file written under a temporary name and renamed into place by commit():
// a reader never sees a half-written file, and an aborted run leaves none.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace panopticon {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  void flush();
  // Flushes, syncs and renames the temporary file to the target.
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
};

// Writes `text` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace panopticon
