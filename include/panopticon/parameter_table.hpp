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

// Model I: the engine's own parameters (model, lattice, citizens, cops,
// legitimacy, jail, rules, outputs).
std::span<const ParameterSection> model_sections();
std::span<const ParamSpec> model_parameters();

// The spec of a parameter by dotted name, or nullptr.
const ParamSpec* find_parameter(std::string_view name);

// Names close to `name` (for "did you mean" in errors).
std::vector<std::string> similar_parameter_names(std::string_view name);

}  // namespace panopticon
