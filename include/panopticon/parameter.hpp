#pragma once
// One row of a parameter table: everything a user, the validator and the
// generated documentation need to know about a parameter.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "panopticon/schedule.hpp"

namespace panopticon {

enum class ParamType : std::uint8_t {
  kBool,
  kInt,
  kFloat,
  kIntOrInfinite,  // a whole number >= min, or `inf` (TOML float) / "inf"
  kChoice,         // one of `choices`
};

// kIntOrInfinite is held as a double (whole number or +infinity). A
// schedulable number may hold a Schedule instead (a TOML inline table).
using ParamValue = std::variant<bool, std::int64_t, double, std::string, Schedule>;

struct ParamSpec {
  std::string name;  // dotted: "<section>.<key>", as written in a scenario
  ParamType type = ParamType::kFloat;
  // nullopt: the default comes from elsewhere (say, the rule-set), told by default_note.
  std::optional<ParamValue> default_value;
  double min = 0.0;
  double max = 0.0;
  std::vector<std::string> choices;
  std::string unit;
  std::string description;
  std::string source;        // a key into domain-facts or a reference, or "modelling choice"
  std::string default_note;  // shown in docs when there is no plain default
  // May follow a schedule: a scenario may give it as a TOML inline table
  // (`{ schedule = "ramp", initial = 0.1, final = 0.6, start = 100, end = 300 }`).
  bool schedulable = false;
  // May change while a model runs (Model::set_parameter, from the next tick).
  bool live = false;
};

std::string type_name(ParamType type);
// Human text of what a parameter accepts, e.g. "a number from 0 to 1".
std::string allowed_text(const ParamSpec& spec);
std::string value_text(const ParamValue& value);

// Resolved values of a scenario, by parameter name, and where each was set.
struct SourcePlace {
  std::string file;  // a scenario path, "--set", or "default"
  std::int64_t line = 0;
  std::int64_t column = 0;
};

struct ParamValues {
  std::map<std::string, ParamValue> values;
  std::map<std::string, SourcePlace> places;

  bool get_bool(const std::string& name) const;
  std::int64_t get_int(const std::string& name) const;
  double get_float(const std::string& name) const;  // kFloat and kIntOrInfinite
  const std::string& get_choice(const std::string& name) const;
  // A number as a schedule (a constant one for a plain number).
  Schedule get_schedule(const std::string& name) const;
  bool has(const std::string& name) const { return values.contains(name); }
};

}  // namespace panopticon
