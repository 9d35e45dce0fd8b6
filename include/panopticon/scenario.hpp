#pragma once
// A scenario: a TOML file (plus --set overrides) turned into validated,
// typed parameters. Unknown keys, wrong types and out-of-range values are
// errors that name the place, the key, the value and what is allowed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "panopticon/parameter.hpp"
#include "panopticon/ruleset.hpp"
#include "panopticon/schedule.hpp"

namespace panopticon {

// A "key=value" from the command line; value is TOML (a bare word is a string).
struct Override {
  Override() = default;
  Override(std::string key_, std::string value_, std::string origin_ = {})
      : key(std::move(key_)), value(std::move(value_)), origin(std::move(origin_)) {}

  std::string key;
  std::string value;
  // What the user typed, as messages name it ("--steps 5"); empty for a
  // --set, named "--set key=value".
  std::string origin;
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

  double cop_vision = 7.0;  // cops.vision, before any mechanism widens it
  // The widest cop vision at any tick: cops.vision plus the most a
  // mechanism that is enabled may add (policing's technology).
  double widest_cop_vision = 7.0;
  Schedule cop_density = Schedule::constant(0.04);

  Schedule legitimacy = Schedule::constant(0.82);

  double max_jail_term = 30.0;  // +infinity: jailed for the rest of the run

  std::int64_t outburst_threshold = 50;
  bool outburst_scaled = true;  // outputs.outburst_scale = "population"
  // The actives above which a tick belongs to an outburst, in a society of
  // `citizens`: the one definition every output uses (summary.json, the
  // layer's metrics, compare). Actives are whole, so "more than threshold x
  // citizens / 1,120" is "more than its floor".
  std::int64_t outburst_actives(double citizens) const;
  std::int64_t short_window = 100;  // outputs.short_window: the first ticks
  std::int64_t long_window = 100;   // outputs.long_window: the last ticks

  // model.compliance_layer = "always": the compliance layer runs even with
  // the dissent layer and every mechanism off, so that mechanisms can be
  // adopted while the model runs and counterfactual pairs have the same
  // results table on both sides.
  bool compliance_forced = false;
};

// Reads, validates and resolves a scenario file; throws ScenarioError.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// Same, from TOML text (`source_name` names it in errors).
Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<Override>& overrides = {});

// The defaults, as a scenario with no file.
Scenario default_scenario();

// Parses "key=value" (spaces around the key and the value are dropped:
// "a.b = 5" is a.b=5); throws ScenarioError when there is no '=' or no key.
Override parse_override(const std::string& text);

// The value of parameter `key` written as TOML text (a bare word is a
// string), checked against the parameter's table row as a --set is;
// throws ScenarioError naming `place`.
// What a message about an unknown key offers: the nearest names, or the
// keys of its table, or `panopticon params`.
std::string unknown_key_suggestion(std::string_view name);

ParamValue parse_parameter_value(const std::string& key, const std::string& text,
                                 const SourcePlace& place);

// A scenario from resolved values, with every check a scenario file gets
// (the checks across parameters included); throws ScenarioError.
Scenario resolve_scenario(ParamValues values, std::string source);

// The resolved scenario as TOML text (for metadata and `validate`).
std::string to_toml(const Scenario& scenario);
std::string to_toml(const ParamValues& params);

}  // namespace panopticon
