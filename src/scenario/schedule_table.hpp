#pragma once
// A schedulable parameter written as a TOML inline table:
//   { schedule = "constant", initial = 0.3 }
//   { schedule = "step", initial = 0.1, final = 0.5, start = 200 }
//   { schedule = "ramp", initial = 0.1, final = 0.6, start = 100, end = 300 }
//   { schedule = "points", ticks = [0, 200, 400], values = [0.1, 0.3, 0.6] }
// Internal to src/scenario.
#include <toml++/toml.h>
#include <string>

#include "panopticon/parameter.hpp"
#include "panopticon/schedule.hpp"

namespace panopticon {

// Throws ScenarioError naming `<spec.name>.<key>` and its place for a key
// that is unknown, missing or not used by the kind, a value of the wrong
// type or outside the parameter's range, a ramp that ends before it starts
// and points whose ticks do not increase.
Schedule schedule_from_table(const ParamSpec& spec, const toml::table& table,
                             const SourcePlace& place, const std::string& file);

// What a schedulable parameter accepts besides a number, for messages.
inline constexpr const char* kScheduleAllowed =
    "{ schedule = \"constant\" | \"step\" | \"ramp\" | \"points\", initial = ..., final = ..., "
    "start = TICK, end = TICK } or { schedule = \"points\", ticks = [...], values = [...] }";

}  // namespace panopticon
