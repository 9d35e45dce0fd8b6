#include "panopticon/counterfactual.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "panopticon/atomic_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/summary.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

[[noreturn]] void unknown_mechanism(const std::string& name) {
  throw ScenarioError(SourcePlace{"--without " + name, 0, 0}, "", "", "unknown mechanism",
                      mechanism_suggestion(name));
}

std::vector<std::vector<double>> run_one(const Scenario& scenario,
                                         const std::vector<TickWindow>& windows) {
  const auto model = make_model(scenario);
  model->run_to_end();
  std::vector<std::vector<double>> out;
  out.reserve(windows.size());
  for (const TickWindow& w : windows) {
    out.push_back(window_metrics(model->results(), headcount_of(*model), scenario, w));
  }
  return out;
}

Scenario variant(const Scenario& base, std::uint64_t seed, const std::string& off) {
  // The same results table on both sides, even with the mechanism the only thing on.
  std::vector<Override> overrides = {{"model.seed", std::to_string(seed)},
                                     {"model.compliance_layer", "always"}};
  if (!off.empty()) overrides.push_back({off + ".enabled", "false"});
  return parse_scenario(to_toml(base), base.source, overrides);
}

}  // namespace

double paired_difference(double with, double without) {
  if (std::isnan(with) && std::isnan(without)) return 0.0;
  return with - without;
}

CompareResult run_compare(const Scenario& scenario, const CompareOptions& options) {
  if (find_mechanism(options.without) == nullptr) unknown_mechanism(options.without);
  CompareResult result;
  result.scenario = scenario;
  result.mechanism = options.without;
  const auto all = summary_windows(scenario, scenario.steps);
  result.windows = {all[1], all[2]};  // short-term, long-term
  result.runs.resize(static_cast<std::size_t>(options.replicates));
  // Replicates are independent simulations, run side by side on the
  // process's thread budget.
  run_side_by_side(result.runs.size(), [&](std::size_t r) {
    PairedRun& run = result.runs[r];
    run.seed = scenario.seed + r;
    run.with = run_one(variant(scenario, run.seed, ""), result.windows);
    run.without = run_one(variant(scenario, run.seed, options.without), result.windows);
  });
  return result;
}

void write_compare(const CompareResult& result, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  const auto& specs = metric_specs();
  std::string csv = "replicate,seed,window,metric,with,without,difference\n";
  auto number = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
  for (std::size_t r = 0; r < result.runs.size(); ++r) {
    const PairedRun& run = result.runs[r];
    for (std::size_t w = 0; w < result.windows.size(); ++w) {
      for (std::size_t m = 0; m < specs.size(); ++m) {
        const double a = run.with[w][m];
        const double b = run.without[w][m];
        csv += fmt::format("{},{},{},{},{},{},{}\n", r, run.seed, result.windows[w].name,
                           specs[m].name, number(a), number(b), number(paired_difference(a, b)));
      }
    }
  }
  nlohmann::ordered_json j;
  j["program"] = "panopticon";
  j["version"] = kVersion;
  j["scenario_file"] = result.scenario.source;
  j["without"] = result.mechanism;
  j["replicates"] = result.runs.size();
  j["seeds"] =
      fmt::format("{} to {}", result.scenario.seed, result.scenario.seed + result.runs.size() - 1);
  auto json_number = [](double v) {
    return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
  };
  for (std::size_t w = 0; w < result.windows.size(); ++w) {
    nlohmann::ordered_json table;
    table["first_tick"] = result.windows[w].first;
    table["last_tick"] = result.windows[w].last;
    for (std::size_t m = 0; m < specs.size(); ++m) {
      std::vector<double> with;
      std::vector<double> without;
      std::vector<double> diff;
      for (const PairedRun& run : result.runs) {
        const double a = run.with[w][m];
        const double b = run.without[w][m];
        if (!std::isnan(a)) with.push_back(a);
        if (!std::isnan(b)) without.push_back(b);
        const double d = paired_difference(a, b);
        if (!std::isnan(d)) diff.push_back(d);
      }
      const MeanSd a = mean_sd(with);
      const MeanSd b = mean_sd(without);
      const MeanSd d = mean_sd(diff);
      nlohmann::ordered_json cell;
      cell["with"] = a.mean ? json_number(*a.mean) : nullptr;
      cell["without"] = b.mean ? json_number(*b.mean) : nullptr;
      cell["difference"] = d.mean ? json_number(*d.mean) : nullptr;
      cell["standard_error"] =
          d.sd ? json_number(*d.sd / std::sqrt(static_cast<double>(d.n))) : nullptr;
      cell["n"] = d.n;
      table[specs[m].name] = cell;
    }
    j[result.windows[w].name] = table;
  }
  write_file_atomically(directory / "compare.csv", csv);
  write_file_atomically(directory / "compare.json", j.dump(2) + "\n");
}

}  // namespace panopticon
