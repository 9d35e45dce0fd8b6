#pragma once
// The metrics of mechanisms.md section 4 over a window of ticks, computed
// from a model's results table with the compliance layer's columns: the run
// summary uses them over the whole run and the short- and long-term
// windows, and counterfactual pairs difference them. docs/outputs.md lists
// them. Each metric is declared once, with how a window of the table gives
// it (metrics.cpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/results_table.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

struct MetricSpec {
  std::string name;
  std::string unit;
  std::string meaning;
};

// The section-4 metrics, then every mechanism result reduced by its rule.
const std::vector<MetricSpec>& metric_specs();
// The index of a metric in metric_specs(); throws std::out_of_range.
std::size_t metric_index(std::string_view name);

struct TickWindow {
  std::int64_t first = 1;  // inclusive
  std::int64_t last = 0;   // inclusive
  std::string name;
};
// The whole run, the first outputs.short_window ticks and the last
// outputs.long_window ticks of a run of `ticks` ticks (clipped to the run).
std::vector<TickWindow> summary_windows(const Scenario& scenario, std::int64_t ticks);

// Who the rates are per: every citizen, and the minority.
struct Headcount {
  double citizens = 0.0;
  double minority = 0.0;
};

class Model;
// A model's citizens and minority (the layer's groups).
Headcount headcount_of(const Model& model);

// One value per metric_specs() entry; NaN where a metric is undefined (flag
// precision without flags).
std::vector<double> window_metrics(const ResultsTable& results, const Headcount& headcount,
                                   const Scenario& scenario, const TickWindow& window);

}  // namespace panopticon
