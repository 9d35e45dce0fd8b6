#pragma once
// An output directory a command makes, removed again when what failed left
// it empty.
#include <filesystem>
#include <system_error>
#include <utility>

namespace panopticon {

// An output directory this process made, removed again if a run that
// failed left it empty: a refused or failed run leaves nothing behind. A
// directory that was there, or holds anything, is left alone.
class NewDirectory {
 public:
  explicit NewDirectory(std::filesystem::path path)
      : path_(std::move(path)), existed_(std::filesystem::exists(path_)) {}
  NewDirectory(const NewDirectory&) = delete;
  NewDirectory& operator=(const NewDirectory&) = delete;
  ~NewDirectory() {
    if (existed_ || done_) return;
    std::error_code ec;
    if (std::filesystem::is_empty(path_, ec) && !ec) std::filesystem::remove(path_, ec);
  }
  void keep() { done_ = true; }

 private:
  std::filesystem::path path_;
  bool existed_;
  bool done_ = false;
};

}  // namespace panopticon
