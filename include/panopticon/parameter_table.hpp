#pragma once
// The parameter tables: the one place where a parameter's name, type,
// default, bounds, unit, description and source are written. Validation and
// docs/parameters.md are both generated from them.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/parameter.hpp"

namespace panopticon {

struct ParameterSection {
  std::string name;         // TOML table, e.g. "citizens"
  std::string description;  // one line for the docs
};

// Every section and parameter: Model I's (model, lattice, citizens, cops,
// legitimacy, jail, rules, outputs), the dissent layer's (dissent, network,
// costs), then each registered mechanism's (mechanism.hpp).
std::span<const ParameterSection> model_sections();
std::span<const ParamSpec> model_parameters();

// Builders for table rows, for the tables of mechanisms.
ParamSpec param_number(std::string name, ParamType type, ParamValue def, double min, double max,
                       std::string unit, std::string description, std::string source);
ParamSpec param_flag(std::string name, std::optional<ParamValue> def, std::string description,
                     std::string source, std::string note = "");
ParamSpec param_choice(std::string name, std::optional<ParamValue> def,
                       std::vector<std::string> choices, std::string description,
                       std::string source, std::string note = "");

// The spec of a parameter by dotted name, or nullptr.
const ParamSpec* find_parameter(std::string_view name);

// Levenshtein distance, for suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Names close to `name` (for "did you mean" in errors).
std::vector<std::string> similar_parameter_names(std::string_view name);

}  // namespace panopticon
