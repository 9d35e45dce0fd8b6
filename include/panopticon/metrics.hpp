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

// Where a metric goes in the trade-off table of `panopticon compare`: the
// stability a system buys (actives, outbursts, activation), the liberty it
// costs (expressed dissent, the falsification gap, wrongful and innocent
// confinement, listing, exposure) and the money it spends; kNone keeps a
// metric out of that table (it is in compare.json all the same).
enum class MetricGroup : std::uint8_t { kNone, kStability, kLiberty, kCost };
// "", "stability", "liberty", "cost".
std::string_view to_string(MetricGroup group);

struct MetricSpec {
  std::string name;
  std::string unit;
  std::string meaning;
  MetricGroup group = MetricGroup::kNone;
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
// The tick the scenario adopts its mechanisms: the earliest start_tick of
// an enabled mechanism (0 when none is enabled).
std::int64_t adoption_tick(const Scenario& scenario);
// The windows of a run of `ticks` ticks, clipped to it: the whole run; the
// short term, the first outputs.short_window ticks from the adoption tick
// (from tick 1 when mechanisms are on from the start); the long term, the
// last outputs.long_window ticks (not before adoption); and, when the
// mechanisms are adopted after a burn-in, the burn-in, ticks 1 to the tick
// before adoption, last.
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
