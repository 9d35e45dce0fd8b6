#pragma once
// A scenario: a TOML file (plus --set overrides) turned into validated,
// typed parameters. Unknown keys, wrong types and out-of-range values are
// errors that name the place, the key, the value and what is allowed.
#include <cstdint>
#include <string>
#include <vector>

#include "panopticon/parameter.hpp"
#include "panopticon/ruleset.hpp"
#include "panopticon/schedule.hpp"

namespace panopticon {

// A "key=value" from the command line; value is TOML (a bare word is a string).
struct Override {
  std::string key;
  std::string value;
};

struct Scenario {
  std::string source;  // the file it came from ("" when built in code)
  ParamValues params;  // every parameter, resolved

  RuleSetName rule_set_name = RuleSetName::kNetLogo;
  RuleSet rules = preset(RuleSetName::kNetLogo);
  std::int64_t steps = 1000;
  std::uint64_t seed = 1;
  bool synchronous = false;  // model.activation
  int threads = 0;           // model.threads; 0: one per core

  std::uint32_t width = 40;
  std::uint32_t height = 40;

  double citizen_density = 0.7;
  double citizen_vision = 7.0;
  double k = 2.3;
  double threshold = 0.1;
  bool movement = true;

  double cop_vision = 7.0;
  Schedule cop_density{.kind = ScheduleKind::kConstant, .initial = 0.04};

  Schedule legitimacy{.kind = ScheduleKind::kConstant, .initial = 0.82};

  double max_jail_term = 30.0;  // +infinity: jailed for the rest of the run

  std::int64_t outburst_threshold = 50;
  std::int64_t short_window = 100;  // outputs.short_window: the first ticks
  std::int64_t long_window = 100;   // outputs.long_window: the last ticks

  // Run the compliance layer even with the dissent layer and every
  // mechanism off (counterfactual pairs need the same results on both
  // sides). Not a parameter: set by experiments.
  bool compliance_forced = false;
};

// Reads, validates and resolves a scenario file; throws ScenarioError.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// Same, from TOML text (`source_name` names it in errors).
Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<Override>& overrides = {});

// The defaults, as a scenario with no file.
Scenario default_scenario();

// Parses "key=value"; throws ScenarioError when there is no '='.
Override parse_override(const std::string& text);

// The resolved scenario as TOML text (for metadata and `validate`).
std::string to_toml(const Scenario& scenario);

}  // namespace panopticon
