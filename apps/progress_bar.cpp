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

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_ || total <= 0) return;
  const int percent = static_cast<int>(100 * done / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int kWidth = 40;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r[%s] %3d%% tick %lld/%lld", bar.c_str(), percent,
               static_cast<long long>(done), static_cast<long long>(total));
  std::fflush(stderr);
}

}  // namespace panopticon
