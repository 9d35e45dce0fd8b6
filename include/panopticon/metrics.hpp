#pragma once
// The metrics of mechanisms.md section 4 over a window of ticks, computed
// from the compliance layer's per-tick results table: the run summary uses
// them over the whole run and the short- and long-term windows, and
// counterfactual pairs difference them. docs/outputs.md lists them.
#include <cstdint>
#include <string>
#include <vector>

#include "panopticon/compliance.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

struct MetricSpec {
  std::string name;
  std::string unit;
  std::string meaning;
};

// The section-4 metrics, then every mechanism result reduced by its rule.
const std::vector<MetricSpec>& metric_specs();

struct TickWindow {
  std::int64_t first = 1;  // inclusive
  std::int64_t last = 0;   // inclusive
  std::string name;
};
// The whole run, the first outputs.short_window ticks and the last
// outputs.long_window ticks of a run of `ticks` ticks (clipped to the run).
std::vector<TickWindow> summary_windows(const Scenario& scenario, std::int64_t ticks);

// One value per metric_specs() entry; NaN where a metric is undefined (flag
// precision without flags).
std::vector<double> window_metrics(const Compliance& compliance, const Scenario& scenario,
                                   const TickWindow& window);

}  // namespace panopticon
