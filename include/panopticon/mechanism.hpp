#pragma once
// A mechanism of the social compliance system (mechanisms.md, section 2):
// one module with its parameter table, its results and the phases it acts
// in. Each lives in src/mechanisms/<name>.cpp and is registered by one line
// in src/mechanisms/registry.cpp; a scenario switches it on with
// `[<name>] enabled = true`. The order of the phases, and of mechanisms
// within a phase, is stated once, in compliance.hpp.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/output_column.hpp"
#include "panopticon/parameter.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/society.hpp"

namespace panopticon {

class Mechanism {
 public:
  Mechanism() = default;
  virtual ~Mechanism() = default;
  Mechanism(const Mechanism&) = delete;
  Mechanism& operator=(const Mechanism&) = delete;

  // Phases (compliance.hpp); a mechanism overrides those it acts in.
  virtual void perceive(Society& /*society*/) {}
  virtual void enforce(Society& /*society*/, EngineAccess& /*engine*/) {}
  virtual void observe(Society& /*society*/) {}
  virtual void score(Society& /*society*/) {}
  virtual void sanction(Society& /*society*/) {}
  // Writes this tick's values of its results, in the order of its table.
  virtual void record(const Society& /*society*/, std::span<double> /*results*/) const {}
  // Its own state beyond the society's columns, for checkpoints.
  virtual void save(CheckpointWriter& /*out*/) const {}
  virtual void load(CheckpointReader& /*in*/) {}
};

struct MechanismInfo {
  std::string name;          // the scenario table and the results' prefix
  std::string title;         // one line for docs
  std::string phases;        // the phases it hooks, for docs
  std::uint16_t stream = 0;  // its random stream
  bool needs_network = false;
  std::vector<ParamSpec> parameters;  // full dotted names, `enabled` first
  std::vector<OutputColumn> results;  // `<name>_<quantity>`
  // Makes the mechanism, which reads its parameters and stream from `info`.
  std::function<std::unique_ptr<Mechanism>(const Scenario&, Society&, const MechanismInfo&)> create;
  // What the mechanism changes in Model I's parameters when on (policing's
  // tech level widens cop vision), from the scenario's resolved values; may
  // be empty.
  std::function<void(const ParamValues&, Scenario&)> adjust_scenario;
};

// Every mechanism, in the order they act within a phase.
const std::vector<MechanismInfo>& mechanism_registry();
const MechanismInfo* find_mechanism(std::string_view name);

}  // namespace panopticon
