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

// Cops on duty a cop schedule asks for at `tick`: those placed at the start
// shifted by the change of density over `cells` cells (relative, so that
// binomial placement keeps its draw), at least 0.
std::int64_t scheduled_cops(const Schedule& cop_density, std::int64_t tick,
                            std::uint64_t initial_cops, std::uint64_t cells);

}  // namespace panopticon
