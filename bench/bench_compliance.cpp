// Throughput of the compliance layer against plain Model I.
//   bench_compliance [SIZE [TICKS [ACTIVATION [MECHANISMS]]]]
// Runs Run 2's densities (0.7 citizens, 0.04 cops, vision 7, L = 0.82,
// J_max = 30, netlogo rules) on a SIZE x SIZE torus twice in one process:
// plain Model I, then the dissent layer with MECHANISMS on ("all", "none" for
// the layer alone, or a comma-separated list). Prints agent-steps per second
// of each and their ratio; 20 ticks of warm-up precede each timing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"

namespace {

double agent_steps_per_second(const panopticon::Scenario& scenario, long ticks) {
  const auto model = panopticon::make_model(scenario);
  for (int t = 0; t < 20; ++t) model->step();
  const auto start = std::chrono::steady_clock::now();
  for (long t = 0; t < ticks; ++t) model->step();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto agents = static_cast<double>(model->citizen_count() + model->counts().cops);
  return agents * static_cast<double>(ticks) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string size = argc > 1 ? argv[1] : "200";
  const long ticks = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 200;
  const std::string activation = argc > 3 ? argv[3] : "random_sequential";
  const std::string wanted = argc > 4 ? argv[4] : "all";
  const std::string base =
      "[model]\nruleset = \"netlogo\"\nsteps = 100000\nthreads = 1\nactivation = \"" + activation +
      "\"\n[lattice]\nwidth = " + size + "\nheight = " + size +
      "\n[citizens]\ndensity = 0.7\nvision = 7\n[cops]\ndensity = 0.04\nvision = 7\n"
      "[legitimacy]\ninitial = 0.82\n[jail]\nmax_term = 30\n";
  std::string layer = base + "[dissent]\nenabled = true\n";
  std::string names;
  for (const panopticon::MechanismInfo& m : panopticon::mechanism_registry()) {
    const bool on =
        wanted == "all" || ("," + wanted + ",").find("," + m.name + ",") != std::string::npos;
    if (!on) continue;
    layer += "[" + m.name + "]\nenabled = true\n";
    names += (names.empty() ? "" : ",") + m.name;
  }
  const double plain = agent_steps_per_second(panopticon::parse_scenario(base, "(bench)"), ticks);
  const double with = agent_steps_per_second(panopticon::parse_scenario(layer, "(bench)"), ticks);
  std::printf(
      "%sx%s %s ticks %ld  Model I %.2f M agent-steps/s  layer+[%s] %.2f M agent-steps/s"
      "  slowdown %.2fx\n",
      size.c_str(), size.c_str(), activation.c_str(), ticks, plain / 1e6,
      names.empty() ? "none" : names.c_str(), with / 1e6, plain / with);
  return 0;
}
