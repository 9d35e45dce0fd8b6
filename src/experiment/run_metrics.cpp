#include "panopticon/run_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "panopticon/metrics.hpp"
#include "panopticon/model.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/summary.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(const MeanSd& m) {
  return m.mean ? *m.mean : kNaN;
}

// How each summary metric is read off a run's summary, in
// summary_metric_specs()'s order.
double summary_value(const RunSummary& s, std::size_t index) {
  switch (index) {
    case 0:
      return static_cast<double>(s.outbursts.size());
    case 1:
      return static_cast<double>(s.peak_active);
    case 2:
      return static_cast<double>(s.peak_active_tick);
    case 3:
      return static_cast<double>(s.final_active);
    case 4:
      return static_cast<double>(s.final_jailed);
    case 5:
      return static_cast<double>(s.total_arrests);
    case 6:
      return mean_or_nan(s.waiting_time);
    case 7:
      return mean_or_nan(s.activation);
    case 8:
      return mean_or_nan(s.duration);
    default:
      return kNaN;
  }
}

// Every name a plan may give, for suggestions.
std::vector<std::string> all_names() {
  std::vector<std::string> names;
  for (const auto& s : summary_metric_specs()) names.push_back(s.name);
  for (const auto& w : metric_window_names()) {
    for (const auto& m : metric_specs()) names.push_back(w + "." + m.name);
  }
  return names;
}

}  // namespace

const std::vector<SummaryMetricSpec>& summary_metric_specs() {
  static const std::vector<SummaryMetricSpec> specs = {
      {"outbursts", "outbursts", "outbursts in the run (summary.json)"},
      {"peak_active", "citizens", "most actives at any tick"},
      {"peak_active_tick", "tick", "the first tick with the most actives"},
      {"final_active", "citizens", "actives at the last tick"},
      {"final_jailed", "citizens", "jailed at the last tick"},
      {"total_arrests", "arrests", "arrests over the run"},
      {"waiting_time_mean", "ticks", "mean calm ticks between outbursts (NaN below two)"},
      {"activation_mean", "citizen-ticks", "mean actives summed over an outburst's ticks"},
      {"duration_mean", "ticks", "mean ticks per outburst"},
  };
  return specs;
}

const std::vector<std::string>& metric_window_names() {
  static const std::vector<std::string> names = {"whole_run", "short_term", "long_term", "burn_in"};
  return names;
}

std::optional<MetricRef> find_run_metric(std::string_view name) {
  const auto& summary = summary_metric_specs();
  for (std::size_t i = 0; i < summary.size(); ++i) {
    if (summary[i].name == name) return MetricRef{std::string(name), std::nullopt, i};
  }
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto& windows = metric_window_names();
  const auto w = std::find(windows.begin(), windows.end(), name.substr(0, dot));
  if (w == windows.end()) return std::nullopt;
  const std::string_view metric = name.substr(dot + 1);
  const auto& specs = metric_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == metric) {
      return MetricRef{std::string(name), static_cast<std::size_t>(w - windows.begin()), i};
    }
  }
  return std::nullopt;
}

std::string run_metric_suggestion(std::string_view name) {
  std::vector<std::pair<std::size_t, std::string>> near;
  for (std::string& n : all_names()) {
    const std::size_t d = edit_distance(name, n);
    if (d <= std::max<std::size_t>(2, name.size() / 4)) near.emplace_back(d, std::move(n));
  }
  std::sort(near.begin(), near.end());
  std::string summary;
  for (const auto& s : summary_metric_specs()) summary += (summary.empty() ? "" : ", ") + s.name;
  std::string windows;
  for (const auto& w : metric_window_names()) windows += (windows.empty() ? "" : ", ") + w;
  std::string out;
  if (!near.empty()) {
    out = "did you mean ";
    for (std::size_t i = 0; i < std::min<std::size_t>(3, near.size()); ++i) {
      out += (i == 0 ? "" : " or ") + near[i].second;
    }
    out += "? ";
  }
  return out + fmt::format(
                   "a summary metric ({}) or WINDOW.METRIC, WINDOW one of {} and METRIC a "
                   "compliance-layer metric of docs/outputs.md",
                   summary, windows);
}

std::vector<double> measure_run(const Model& model, const Scenario& scenario,
                                const std::vector<MetricRef>& metrics) {
  const ResultsTable& results = model.results();
  const RunSummary summary =
      summarize(results, scenario.outburst_actives(static_cast<double>(model.citizen_count())));
  const auto ticks = static_cast<std::int64_t>(results.rows()) - 1;
  const std::vector<TickWindow> windows = summary_windows(scenario, ticks);
  // Each window computed once, however many of its metrics are asked for.
  std::vector<std::vector<double>> by_window(metric_window_names().size());
  std::vector<double> out;
  out.reserve(metrics.size());
  for (const MetricRef& m : metrics) {
    if (!m.window) {
      out.push_back(summary_value(summary, m.index));
      continue;
    }
    std::vector<double>& values = by_window[*m.window];
    if (values.empty()) {
      const std::string& wanted = metric_window_names()[*m.window];
      const auto w = std::find_if(windows.begin(), windows.end(),
                                  [&](const TickWindow& t) { return t.name == wanted; });
      if (w == windows.end()) {
        values.assign(metric_specs().size(), kNaN);
      } else {
        values = window_metrics(results, headcount_of(model), scenario, *w);
      }
    }
    out.push_back(values[m.index]);
  }
  return out;
}

}  // namespace panopticon
