#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace panopticon {

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::clear() {
  if (enabled_ && last_percent_ >= 0) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    last_percent_ = -1;
  }
}

void ProgressBar::draw(int percent, const std::string& text) {
  constexpr int kWidth = 40;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r\033[K[%s] %3d%% %s", bar.c_str(), percent, text.c_str());
  std::fflush(stderr);
}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_ || total <= 0) return;
  const int percent = static_cast<int>(100 * done / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  draw(percent, "tick " + std::to_string(done) + "/" + std::to_string(total));
}

void ProgressBar::update_runs(std::int64_t done, std::int64_t total, std::int64_t ran,
                              double seconds) {
  if (!enabled_ || total <= 0) return;
  const int percent = static_cast<int>(100 * done / total);
  // Redrawn at most ten times a second, and whenever the percentage moves.
  if (percent == last_percent_ && seconds - last_drawn_s_ < 0.1 && done < total) return;
  last_percent_ = percent;
  last_drawn_s_ = seconds;
  std::string text = "run " + std::to_string(done) + "/" + std::to_string(total);
  if (ran > 0 && seconds > 0.0) {
    const double rate = static_cast<double>(ran) / seconds;
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, ", %.3g runs/s, %.0f s left", rate,
                  static_cast<double>(total - done) / rate);
    text += buffer;
  }
  draw(percent, text);
}

}  // namespace panopticon
