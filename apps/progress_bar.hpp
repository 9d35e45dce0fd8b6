#pragma once
// A progress bar on standard error, drawn only when it is a terminal.
#include <cstdint>
#include <string>

namespace panopticon {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::int64_t done, std::int64_t total);
  // A sweep's: runs done of the total, the rate of this start's runs and
  // the time left at that rate.
  void update_runs(std::int64_t done, std::int64_t total, std::int64_t ran, double seconds);
  // Erases the bar so that what is printed next starts on a clean line.
  void clear();

 private:
  void draw(int percent, const std::string& text);

  int last_percent_ = -1;
  double last_drawn_s_ = -1.0;
  bool enabled_;
};

}  // namespace panopticon
