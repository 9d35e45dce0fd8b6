#include "panopticon/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace panopticon {

std::string_view to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::kConstant:
      return "constant";
    case ScheduleKind::kRamp:
      return "ramp";
    case ScheduleKind::kStep:
      return "step";
    case ScheduleKind::kPoints:
      return "points";
  }
  return "?";
}

std::optional<ScheduleKind> schedule_kind_from_string(std::string_view text) {
  for (auto k :
       {ScheduleKind::kConstant, ScheduleKind::kRamp, ScheduleKind::kStep, ScheduleKind::kPoints}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

double Schedule::value_at(std::int64_t tick) const {
  switch (kind) {
    case ScheduleKind::kConstant:
      return initial;
    case ScheduleKind::kStep:
      return tick < start ? initial : final;
    case ScheduleKind::kRamp:
      if (tick <= start) return initial;
      if (tick >= end) return final;
      return initial + (final - initial) * static_cast<double>(tick - start) /
                           static_cast<double>(end - start);
    case ScheduleKind::kPoints: {
      if (ticks.empty()) return initial;
      if (tick <= ticks.front()) return values.front();
      if (tick >= ticks.back()) return values.back();
      const auto after = std::upper_bound(ticks.begin(), ticks.end(), tick);
      const auto i = static_cast<std::size_t>(after - ticks.begin());
      const auto t0 = static_cast<double>(ticks[i - 1]);
      const auto t1 = static_cast<double>(ticks[i]);
      return values[i - 1] +
             (values[i] - values[i - 1]) * (static_cast<double>(tick) - t0) / (t1 - t0);
    }
  }
  return initial;
}

double Schedule::lowest() const {
  if (kind == ScheduleKind::kPoints && !values.empty()) {
    return *std::min_element(values.begin(), values.end());
  }
  return kind == ScheduleKind::kConstant ? initial : std::min(initial, final);
}

double Schedule::highest() const {
  if (kind == ScheduleKind::kPoints && !values.empty()) {
    return *std::max_element(values.begin(), values.end());
  }
  return kind == ScheduleKind::kConstant ? initial : std::max(initial, final);
}

namespace {
// The shortest text that reads back to the same double, always a TOML float.
std::string float_text(double v) {
  std::string text = fmt::format("{}", v);
  if (std::isfinite(v) && text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}
}  // namespace

std::string Schedule::toml() const {
  switch (kind) {
    case ScheduleKind::kConstant:
      return fmt::format("{{ schedule = \"constant\", initial = {} }}", float_text(initial));
    case ScheduleKind::kStep:
      return fmt::format("{{ schedule = \"step\", initial = {}, final = {}, start = {} }}",
                         float_text(initial), float_text(final), start);
    case ScheduleKind::kRamp:
      return fmt::format(
          "{{ schedule = \"ramp\", initial = {}, final = {}, start = {}, end = {} }}",
          float_text(initial), float_text(final), start, end);
    case ScheduleKind::kPoints: {
      std::string t;
      std::string v;
      for (std::size_t i = 0; i < ticks.size(); ++i) {
        if (i > 0) {
          t += ", ";
          v += ", ";
        }
        t += fmt::format("{}", ticks[i]);
        v += float_text(values[i]);
      }
      return fmt::format("{{ schedule = \"points\", ticks = [{}], values = [{}] }}", t, v);
    }
  }
  return "{}";
}

std::int64_t scheduled_cops(double density_now, double density_at_start, std::uint64_t initial_cops,
                            std::uint64_t cells) {
  const double shift = (density_now - density_at_start) * static_cast<double>(cells);
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(initial_cops) + std::llround(shift));
}

}  // namespace panopticon
