#include "panopticon/model.hpp"

#include <fmt/format.h>

#include "panopticon/engine.hpp"
#include "panopticon/random_sequential.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

std::unique_ptr<Model> make_model(const Scenario& scenario) {
  if (scenario.synchronous) return std::make_unique<SynchronousSimulation>(scenario);
  return std::make_unique<RandomSequentialSimulation>(scenario);
}

std::unique_ptr<Model> load_model(const Scenario& scenario, CheckpointReader& in) {
  check_state_lattice(in, scenario);
  if (scenario.synchronous) return std::make_unique<SynchronousSimulation>(scenario, in);
  return std::make_unique<RandomSequentialSimulation>(scenario, in);
}

void Model::run(std::int64_t ticks) {
  for (std::int64_t i = 0; i < ticks; ++i) step();
}

void Model::run_to_end() {
  while (tick() < scenario().steps) step();
}

ModelSnapshot Model::snapshot() const {
  CheckpointWriter out;
  save(out);
  return ModelSnapshot{scenario(), tick(), out.file()};
}

std::unique_ptr<Model> restore(const ModelSnapshot& snapshot) {
  CheckpointReader in(fmt::format("(a snapshot at tick {})", snapshot.tick), snapshot.state);
  return load_model(snapshot.scenario, in);
}

std::unique_ptr<Model> Model::clone() const {
  return restore(snapshot());
}

}  // namespace panopticon
