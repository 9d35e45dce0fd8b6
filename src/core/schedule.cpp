#include "panopticon/schedule.hpp"

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
  }
  return "?";
}

std::optional<ScheduleKind> schedule_kind_from_string(std::string_view text) {
  for (auto k : {ScheduleKind::kConstant, ScheduleKind::kRamp, ScheduleKind::kStep}) {
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
  }
  return initial;
}

std::int64_t scheduled_cops(const Schedule& cop_density, std::int64_t tick,
                            std::uint64_t initial_cops, std::uint64_t cells) {
  const double shift =
      (cop_density.value_at(tick) - cop_density.value_at(0)) * static_cast<double>(cells);
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(initial_cops) + std::llround(shift));
}

}  // namespace panopticon
