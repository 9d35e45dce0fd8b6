#pragma once
// A value that follows a schedule over ticks: legitimacy, cop density, and
// the intensity parameters of the mechanisms (coverage, monitored share,
// platform capacity, ...).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace panopticon {

enum class ScheduleKind : std::uint8_t {
  kConstant,  // `initial` throughout
  kRamp,      // `initial` up to tick `start`, linear to `final` at tick `end`, then `final`
  kStep,      // `initial` before tick `start`, `final` from tick `start` on
  kPoints,    // through the points (ticks[i], values[i]), linear between them,
              // values[0] before the first and the last value after the last
};

std::string_view to_string(ScheduleKind kind);
std::optional<ScheduleKind> schedule_kind_from_string(std::string_view text);

struct Schedule {
  ScheduleKind kind = ScheduleKind::kConstant;
  double initial = 0.0;
  double final = 0.0;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::vector<std::int64_t> ticks;  // kPoints: strictly increasing
  std::vector<double> values;       // kPoints: one per tick

  static Schedule constant(double value) {
    Schedule s;
    s.initial = value;
    s.final = value;
    return s;
  }

  double value_at(std::int64_t tick) const;
  // The least and greatest value the schedule takes at any tick.
  double lowest() const;
  double highest() const;
  // Whether the value at some tick differs from the value at tick 0.
  bool varies() const { return lowest() != highest(); }
  // As a TOML inline table: { schedule = "ramp", initial = 0.1, ... }.
  std::string toml() const;

  bool operator==(const Schedule& other) const = default;
};

// Cops on duty a cop schedule asks for: those placed at the start shifted
// by the change of density since then over `cells` cells (relative, so that
// binomial placement keeps its draw), at least 0.
std::int64_t scheduled_cops(double density_now, double density_at_start, std::uint64_t initial_cops,
                            std::uint64_t cells);

}  // namespace panopticon
