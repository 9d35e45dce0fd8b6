#include "panopticon/model.hpp"

#include "panopticon/simulation.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

std::unique_ptr<Model> make_model(const Scenario& scenario) {
  if (scenario.synchronous) return std::make_unique<SynchronousSimulation>(scenario);
  return std::make_unique<Simulation>(scenario);
}

std::unique_ptr<Model> load_model(const Scenario& scenario, CheckpointReader& in) {
  if (scenario.synchronous) return std::make_unique<SynchronousSimulation>(scenario, in);
  return std::make_unique<Simulation>(scenario, in);
}

}  // namespace panopticon
