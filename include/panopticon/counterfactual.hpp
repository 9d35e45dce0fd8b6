#pragma once
// Counterfactual pairs (mechanisms.md section 4): a scenario run with and
// without one mechanism on the same random numbers (common random numbers:
// every draw is keyed by seed, stream, purpose, tick and agent, so switching
// a mechanism off leaves every other mechanism's draws in place), replicate
// by replicate, and the paired difference of every metric (metrics.hpp) over
// the short-term and long-term windows.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "panopticon/metrics.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

struct CompareOptions {
  std::string without;  // the mechanism switched off
  int replicates = 10;  // replicate r runs with model.seed + r
};

struct PairedRun {
  std::uint64_t seed = 0;
  // [window][metric]
  std::vector<std::vector<double>> with;
  std::vector<std::vector<double>> without;
};

struct CompareResult {
  Scenario scenario;  // with the mechanism as the scenario has it
  std::string mechanism;
  std::vector<TickWindow> windows;
  std::vector<PairedRun> runs;
};

// Throws ScenarioError when `without` names no mechanism.
CompareResult run_compare(const Scenario& scenario, const CompareOptions& options);

// The paired difference with - without; 0 when the metric is undefined on
// both sides (it does not differ), NaN when on one side only.
double paired_difference(double with, double without);

// compare.csv (one row per replicate, window and metric) and compare.json
// (per window and metric: means with and without, mean paired difference
// and its standard error), written atomically into `directory`.
void write_compare(const CompareResult& result, const std::filesystem::path& directory);

}  // namespace panopticon
