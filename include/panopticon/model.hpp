#pragma once
// A running model of one scenario, whatever its activation: what the run
// driver, the command line and experiments need. Two engines implement it:
//   Simulation             random-sequential activation (simulation.hpp)
//   SynchronousSimulation  synchronous activation, parallel (synchronous.hpp)
// make_model() picks one by the scenario's model.activation.
#include <cstdint>
#include <memory>

#include "panopticon/checkpoint.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

class Compliance;

struct TickCounts {
  std::int64_t tick = 0;
  std::uint64_t quiet = 0;
  std::uint64_t active = 0;
  std::uint64_t jailed = 0;
  std::uint64_t cops = 0;
  std::uint64_t arrests = 0;  // arrests during this tick
  double legitimacy = 0.0;
};

class Model {
 public:
  Model() = default;
  virtual ~Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  virtual void step() = 0;
  virtual std::int64_t tick() const = 0;
  virtual const TickCounts& counts() const = 0;
  virtual std::uint64_t citizen_count() const = 0;
  virtual const Scenario& scenario() const = 0;
  // Every piece of state not derived from the scenario (checkpoint.hpp).
  virtual void save(CheckpointWriter& out) const = 0;
  // A hash of the whole state, for determinism checks.
  virtual std::uint64_t state_hash() const = 0;
  // The compliance layer (dissent layer and mechanisms), or nullptr when the
  // scenario runs plain Model I.
  virtual const Compliance* compliance() const = 0;
};

std::unique_ptr<Model> make_model(const Scenario& scenario);
// Continues from a checkpoint written by Model::save() under the same scenario.
std::unique_ptr<Model> load_model(const Scenario& scenario, CheckpointReader& in);

}  // namespace panopticon
