#pragma once
// A progress bar on standard error, drawn only when it is a terminal.
#include <cstdint>

namespace panopticon {

class ProgressBar {
 public:
  explicit ProgressBar(std::int64_t total);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::int64_t done);

 private:
  std::int64_t total_;
  int last_percent_ = -1;
  bool enabled_;
};

}  // namespace panopticon
