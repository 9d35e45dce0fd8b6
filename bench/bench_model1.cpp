// Speed and memory of Model I in random-sequential mode.
//   bench_model1 [SIZE [RULESET [TICKS [ACTIVATION [THREADS [VISION]]]]]]
// Runs Run 2's densities (0.7 citizens, 0.04 cops, vision 7 or VISION for
// both, L = 0.82, J_max = 30) on a SIZE x SIZE torus under RULESET and
// prints one line:
// lattice, rule-set, agents, ticks, agent-steps per second (all agents,
// jailed included), ns per agent-step, peak resident memory and bytes per
// agent. Run each configuration in its own process (bench/run_model1.sh),
// since peak memory is the process's.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "panopticon/model.hpp"

namespace {

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string size = argc > 1 ? argv[1] : "200";
  const std::string ruleset = argc > 2 ? argv[2] : "netlogo";
  const long ticks_arg = argc > 3 ? std::strtol(argv[3], nullptr, 10) : 0;
  const std::string activation = argc > 4 ? argv[4] : "random_sequential";
  const std::string threads = argc > 5 ? argv[5] : "1";
  const std::string vision = argc > 6 ? argv[6] : "7";
  const panopticon::Scenario scenario = panopticon::parse_scenario(
      "[model]\nruleset = \"" + ruleset + "\"\nactivation = \"" + activation +
          "\"\nthreads = " + threads + "\n[lattice]\nwidth = " + size + "\nheight = " + size +
          "\n[citizens]\ndensity = 0.7\nvision = " + vision +
          "\n[cops]\ndensity = 0.04\nvision = " + vision +
          "\n"
          "[legitimacy]\ninitial = 0.82\n[jail]\nmax_term = 30\n",
      "(bench)");
  const auto model = panopticon::make_model(scenario);
  panopticon::Model& sim = *model;
  const std::uint64_t agents = sim.citizen_count() + sim.counts().cops;
  // About 3e8 agent-steps by default, at least 20 ticks; up to 20 ticks of
  // warm-up first so the initial outburst does not dominate.
  const long ticks = ticks_arg > 0
                         ? ticks_arg
                         : std::max<long>(20, static_cast<long>(3e8 / static_cast<double>(agents)));
  for (long t = 0; t < std::min<long>(20, ticks); ++t) sim.step();
  const auto start = std::chrono::steady_clock::now();
  for (long t = 0; t < ticks; ++t) sim.step();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double steps = static_cast<double>(agents) * static_cast<double>(ticks);
  const long rss = peak_rss_kib();
  std::printf(
      "%sx%s %-8s %-4s %s thr vision %2s agents %10llu ticks %6ld  %7.2f M agent-steps/s  %6.1f "
      "ns/agent-step "
      " "
      "%7.3f s/tick  "
      "peak %8.1f MiB  %5.1f B/agent  (%llu active, %llu jailed at the end)\n",
      size.c_str(), size.c_str(), ruleset.c_str(), activation == "synchronous" ? "sync" : "rseq",
      threads.c_str(), vision.c_str(), static_cast<unsigned long long>(agents), ticks,
      steps / seconds / 1e6, seconds * 1e9 / steps, seconds / static_cast<double>(ticks),
      static_cast<double>(rss) / 1024.0,
      static_cast<double>(rss) * 1024.0 / static_cast<double>(agents),
      static_cast<unsigned long long>(sim.counts().active),
      static_cast<unsigned long long>(sim.counts().jailed));
  return 0;
}
