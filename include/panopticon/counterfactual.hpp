#pragma once
// Counterfactual pairs (mechanisms.md section 4): a scenario run against a
// baseline on the same random numbers (common random numbers: every draw is
// keyed by seed, stream, purpose, tick and agent, so switching mechanisms
// off leaves every other mechanism's draws in place), replicate by
// replicate, and the paired difference of every metric (metrics.hpp) over
// the short-term and long-term windows. The baseline is the scenario with
// some mechanisms off (or all of them; the dissent layer stays as the
// scenario has it), or another scenario on the same lattice with the same
// population, run with the scenario's seeds.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/metrics.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

// What the scenario is compared with: exactly one of the two.
struct Baseline {
  // Mechanisms switched off (registry names; switching off one that is off
  // changes nothing).
  std::vector<std::string> without;
  // Another scenario; its model.seed is not used (replicate r runs with the
  // scenario's model.seed + r on both sides).
  std::optional<Scenario> against;
};

struct CompareOptions {
  Baseline baseline;
  int replicates = 10;  // replicate r runs with model.seed + r
};

// The value of --without: "all" (every mechanism of the registry) or a
// comma list of mechanism names (which may name "all" too). Throws
// ScenarioError naming --without, the name and the allowed names.
std::vector<std::string> parse_without(std::string_view list);

// Throws ScenarioError, naming --against, both files and the keys, when
// `against` cannot be paired with `scenario`: another lattice
// (lattice.width, lattice.height), another initial population
// (citizens.density, cops.density at tick 0, rules.placement: the same
// counts under exact placement, the same densities under binomial), or
// another length or outburst threshold (model.steps,
// outputs.outburst_threshold). The windows are the scenario's on both
// sides.
void check_against(const Scenario& scenario, const Scenario& against);

struct PairedRun {
  std::uint64_t seed = 0;
  // [window][metric]
  std::vector<std::vector<double>> with;
  std::vector<std::vector<double>> baseline;
};

struct CompareResult {
  Scenario scenario;  // as written (with overrides)
  Baseline baseline;
  std::vector<TickWindow> windows;
  std::vector<PairedRun> runs;
};

// Runs the pairs. Throws ScenarioError for a baseline that names an unknown
// mechanism, names none, is both kinds or fails check_against().
CompareResult run_compare(const Scenario& scenario, const CompareOptions& options);

// "without cameras, ijop", "without every mechanism", "against other.toml".
std::string baseline_label(const Baseline& baseline);

// The paired difference with - baseline; NaN when the metric is undefined
// on either side (a pair then says nothing about it, and is left out of the
// metric's means, difference and test).
double paired_difference(double with, double baseline);

// One metric over one window, on the pairs where it is defined on both
// sides (NaN below: no pairs for the means and difference, fewer than 2 for
// the standard error and the p-value).
struct MetricComparison {
  std::size_t pairs = 0;
  double with_mean = 0.0;
  double baseline_mean = 0.0;
  double difference = 0.0;  // mean of with - baseline
  double standard_error = 0.0;
  double p_value = 0.0;  // two-sided paired t-test
  // Holm-Bonferroni over the family of every metric of the window that has
  // a p-value.
  double p_holm = 0.0;
  bool significant = false;  // p_holm <= kSignificance
};
constexpr double kSignificance = 0.05;

// [window][metric], in the order of result.windows and metric_specs().
std::vector<std::vector<MetricComparison>> compare_metrics(const CompareResult& result);

// compare.csv (one row per replicate, window and metric), tradeoff.csv (the
// metrics of the stability, liberty and cost groups, per window) and
// compare.json (per window and metric: the comparison; and the trade-off
// table), written atomically into `directory`.
void write_compare(const CompareResult& result, const std::filesystem::path& directory);

}  // namespace panopticon
