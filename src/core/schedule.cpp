#include "panopticon/schedule.hpp"

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

}  // namespace panopticon
