#pragma once
// A progress bar on standard error, drawn only when it is a terminal.
#include <cstdint>

namespace panopticon {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::int64_t done, std::int64_t total);
  // Erases the bar so that what is printed next starts on a clean line.
  void clear();

 private:
  int last_percent_ = -1;
  bool enabled_;
};

}  // namespace panopticon
