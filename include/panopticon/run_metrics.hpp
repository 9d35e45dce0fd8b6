#pragma once
// The numbers a sweep collects from each run, by name: a summary metric of
// the whole run (summary.json's: "peak_active", "outbursts", ...), or one
// of the compliance layer's metrics over a window ("short_term.actives",
// "long_term.offences_per_1000": metrics.hpp, docs/outputs.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/scenario.hpp"

namespace panopticon {

class Model;

struct SummaryMetricSpec {
  std::string name;
  std::string unit;
  std::string meaning;
};
// summary.json's numbers, as a sweep names them (the means of its
// distributions are `<name>_mean`; NaN without a sample).
const std::vector<SummaryMetricSpec>& summary_metric_specs();

// The windows a window metric may name (summary_windows()).
const std::vector<std::string>& metric_window_names();

struct MetricRef {
  std::string name;                   // as the plan writes it
  std::optional<std::size_t> window;  // into metric_window_names(); none: a summary metric
  std::size_t index =
      0;  // into summary_metric_specs() or metric_specs() (a world plan's: world_metric_specs())
  bool needs_layer() const { return window.has_value(); }
};

// The metric a name stands for, or nothing; `allowed` then says what is
// (the nearest names first).
std::optional<MetricRef> find_run_metric(std::string_view name);
std::string run_metric_suggestion(std::string_view name);

// The metrics of a model that has run (a window the run does not have,
// burn_in without a burn-in, is NaN).
std::vector<double> measure_run(const Model& model, const Scenario& scenario,
                                const std::vector<MetricRef>& metrics);

}  // namespace panopticon
