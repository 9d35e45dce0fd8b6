#include "panopticon/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace panopticon {

namespace {

std::vector<MetricSpec> build_specs() {
  std::vector<MetricSpec> m = {
      {"mean_quiet", "citizens", "mean QUIET citizens at liberty"},
      {"mean_dissent", "citizens", "mean citizens expressing DISSENT"},
      {"mean_active", "citizens", "mean ACTIVE citizens"},
      {"mean_jailed", "citizens", "mean citizens in jail"},
      {"mean_detained", "citizens", "mean citizens in detention"},
      {"outbursts", "outbursts",
       "outbursts (maximal runs of ticks with more actives than outputs.outburst_threshold "
       "x citizens / 1,120, the threshold scaled to the population) that start in the window"},
      {"outburst_ticks", "ticks", "ticks with actives above the threshold"},
      {"outburst_activation", "citizen-ticks",
       "actives summed over the window's ticks above the threshold"},
      {"outburst_duration", "ticks",
       "mean ticks per outburst that starts in the window, counting its ticks in the window "
       "(null without outbursts)"},
      {"outburst_waiting_time", "ticks",
       "mean ticks from the end of an outburst to the start of the next, both within the "
       "window (null without such a pair)"},
      {"peak_active", "citizens", "most ACTIVE citizens in a tick"},
      {"exposure", "share", "mean share of citizens recorded per tick"},
      {"falsification_gap", "share", "mean share of private dissenters at liberty who stay QUIET"},
      {"expressed_dissent", "share", "mean share of citizens at liberty in DISSENT or ACTIVE"},
      {"wrongful_arrests_per_1000", "per 1,000 citizens", "arrests of citizens never ACTIVE"},
      {"innocent_arrests_per_1000", "per 1,000 citizens",
       "arrests of citizens never ACTIVE nor DISSENT"},
      {"wrongful_detentions_per_1000", "per 1,000 citizens", "detentions of citizens never ACTIVE"},
      {"innocent_detentions_per_1000", "per 1,000 citizens",
       "detentions of citizens never ACTIVE nor DISSENT"},
      {"minority_wrongful_detentions_per_1000", "per 1,000 minority citizens",
       "detentions of minority citizens never ACTIVE"},
      {"confined_ticks_per_citizen", "person-ticks per citizen",
       "ticks spent in jail or detention, summed over citizens, per citizen"},
      {"blacklisted_share", "share", "mean share of citizens blacklisted"},
      {"sanction_hardship", "", "mean hardship added by sanctions per citizen"},
      {"mean_legitimacy", "", "mean perceived legitimacy"},
      {"mean_hardship", "", "mean effective hardship"},
      {"flag_precision", "share",
       "share of newly flagged citizens that were ever ACTIVE (null without flags)"},
      {"misattributed_share", "share",
       "share of observation events that were misattributed (0 without events)"},
      {"cost_total", "cost units", "total cost: cops, jail, detention and every mechanism's"},
  };
  for (const MechanismInfo& info : mechanism_registry()) {
    for (const OutputColumn& c : info.results) {
      m.push_back({c.name, c.unit,
                   std::string(c.reduce == Reduce::kSum ? "total of " : "mean of ") + c.meaning});
    }
  }
  return m;
}

std::size_t column_index(const std::string& name) {
  static const std::vector<OutputColumn> columns = Compliance::columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  throw std::logic_error("no results column " + name);
}

}  // namespace

const std::vector<MetricSpec>& metric_specs() {
  static const std::vector<MetricSpec> specs = build_specs();
  return specs;
}

std::vector<TickWindow> summary_windows(const Scenario& scenario, std::int64_t ticks) {
  const std::int64_t last = std::max<std::int64_t>(ticks, 0);
  return {
      {1, last, "whole_run"},
      {1, std::min(last, scenario.short_window), "short_term"},
      {std::max<std::int64_t>(1, last - scenario.long_window + 1), last, "long_term"},
  };
}

std::vector<double> window_metrics(const Compliance& compliance, const Scenario& scenario,
                                   const TickWindow& window) {
  const std::int64_t first = std::max<std::int64_t>(window.first, 1);
  const std::int64_t last =
      std::min<std::int64_t>(window.last, static_cast<std::int64_t>(compliance.rows()) - 1);
  const double ticks = static_cast<double>(std::max<std::int64_t>(0, last - first + 1));
  auto sum = [&](const std::string& name) {
    const std::size_t i = column_index(name);
    double total = 0.0;
    for (std::int64_t t = first; t <= last; ++t) total += compliance.row(t)[i];
    return total;
  };
  auto mean = [&](const std::string& name) { return ticks > 0 ? sum(name) / ticks : 0.0; };
  const double citizens = std::max<double>(1.0, compliance.society().citizens);
  const double minority = compliance.society().minority_size;
  // mechanisms.md section 4: 50 per 1,120 citizens, scaled to the population.
  const double threshold = static_cast<double>(scenario.outburst_threshold) *
                           static_cast<double>(compliance.society().citizens) / 1120.0;
  const std::size_t active = column_index("active");
  double outbursts = 0.0;
  double outburst_ticks = 0.0;
  double activation = 0.0;
  double peak = 0.0;
  double waits = 0.0;
  double waiting = 0.0;
  double started_ticks = 0.0;  // ticks of outbursts that start in the window
  bool started_here = false;   // the current outburst started in the window
  std::int64_t last_end = -1;  // last tick of the previous outburst in the window
  for (std::int64_t t = first; t <= last; ++t) {
    const double a = compliance.row(t)[active];
    const bool above = a > threshold;
    // Row t - 1 exists (row 0 is the initial state): an outburst under way
    // when the window opens did not start in it.
    const bool before = compliance.row(t - 1)[active] > threshold;
    if (above && !before) {
      outbursts += 1.0;
      started_here = true;
      if (last_end >= 0) {
        waiting += static_cast<double>(t - last_end - 1);
        waits += 1.0;
      }
    }
    if (above) {
      outburst_ticks += 1.0;
      activation += a;
      last_end = t;
      started_ticks += started_here ? 1.0 : 0.0;
    }
    peak = std::max(peak, a);
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double flags = sum("ijop_new_flags");
  const double events = sum("events");
  std::vector<double> v = {
      mean("quiet"),
      mean("dissent"),
      mean("active"),
      mean("jailed"),
      mean("detained"),
      outbursts,
      outburst_ticks,
      activation,
      outbursts > 0 ? started_ticks / outbursts : nan,
      waits > 0 ? waiting / waits : nan,
      peak,
      mean("exposure"),
      mean("falsification_gap"),
      mean("expressed_dissent"),
      1000.0 * sum("wrongful_arrests") / citizens,
      1000.0 * sum("innocent_arrests") / citizens,
      1000.0 * sum("wrongful_detentions") / citizens,
      1000.0 * sum("innocent_detentions") / citizens,
      minority > 0 ? 1000.0 * sum("minority_wrongful_detentions") / minority : 0.0,
      sum("confined") / citizens,
      mean("blacklisted_share"),
      mean("sanction_hardship"),
      mean("mean_legitimacy"),
      mean("mean_hardship"),
      flags > 0 ? sum("ijop_new_flags_ever_active") / flags : nan,
      events > 0 ? sum("misattributed_events") / events : 0.0,
      sum("cost_total"),
  };
  for (const MechanismInfo& info : mechanism_registry()) {
    for (const OutputColumn& c : info.results) {
      v.push_back(c.reduce == Reduce::kSum ? sum(c.name) : mean(c.name));
    }
  }
  return v;
}

}  // namespace panopticon
