#pragma once
// A value that follows a schedule over ticks: legitimacy, cop density.
#include <cstdint>
#include <optional>
#include <string_view>

namespace panopticon {

enum class ScheduleKind : std::uint8_t {
  kConstant,  // `initial` throughout
  kRamp,      // `initial` up to tick `start`, linear to `final` at tick `end`, then `final`
  kStep,      // `initial` before tick `start`, `final` from tick `start` on
};

std::string_view to_string(ScheduleKind kind);
std::optional<ScheduleKind> schedule_kind_from_string(std::string_view text);

struct Schedule {
  ScheduleKind kind = ScheduleKind::kConstant;
  double initial = 0.0;
  double final = 0.0;
  std::int64_t start = 0;
  std::int64_t end = 0;

  double value_at(std::int64_t tick) const;
};

}  // namespace panopticon
