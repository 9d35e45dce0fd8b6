#include "panopticon/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "panopticon/compliance.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"

namespace panopticon {

namespace {

// A window of the results table, and what the metrics ask of it.
class Window {
 public:
  Window(const ResultsTable& results, const Headcount& headcount, const Scenario& scenario,
         const TickWindow& window)
      : results_(results),
        headcount_(headcount),
        first_(std::max<std::int64_t>(window.first, 1)),
        last_(std::min<std::int64_t>(window.last, static_cast<std::int64_t>(results.rows()) - 1)),
        ticks_per_year_(static_cast<double>(scenario.params.get_int("model.ticks_per_year"))) {
    count_outbursts(scenario);
  }
  double ticks() const {
    return static_cast<double>(std::max<std::int64_t>(0, last_ - first_ + 1));
  }
  double sum(std::string_view column) const {
    const ResultSlot s = results_.slot(column);
    double total = 0.0;
    for (std::int64_t t = first_; t <= last_; ++t)
      total += results_.at(static_cast<std::size_t>(t), s);
    return total;
  }
  double mean(std::string_view column) const { return ticks() > 0 ? sum(column) / ticks() : 0.0; }
  // sum(numerator) / sum(denominator), NaN (undefined) when the latter is 0.
  double ratio(std::string_view numerator, std::string_view denominator) const {
    const double d = sum(denominator);
    return d > 0 ? sum(numerator) / d : std::numeric_limits<double>::quiet_NaN();
  }
  double citizens() const { return std::max(1.0, headcount_.citizens); }
  // Citizen-ticks at liberty: QUIET, DISSENT or ACTIVE at the end of a tick.
  double at_liberty() const { return sum("quiet") + sum("dissent") + sum("active"); }
  double ticks_per_year() const { return ticks_per_year_; }
  double minority() const { return headcount_.minority; }

  // Outbursts (mechanisms.md section 4): maximal runs of ticks with more
  // actives than Scenario::outburst_actives, as in summary.json.
  double outbursts = 0.0;
  double outburst_ticks = 0.0;
  double activation = 0.0;
  double peak = 0.0;
  double waits = 0.0;
  double waiting = 0.0;
  double started_ticks = 0.0;  // ticks of outbursts that start in the window

 private:
  void count_outbursts(const Scenario& scenario) {
    // The one definition of every output (Scenario::outburst_actives).
    const auto threshold = static_cast<double>(scenario.outburst_actives(headcount_.citizens));
    const ResultSlot active = results_.slot("active");
    bool started_here = false;   // the current outburst started in the window
    std::int64_t last_end = -1;  // last tick of the previous outburst in the window
    for (std::int64_t t = first_; t <= last_; ++t) {
      const double a = results_.at(static_cast<std::size_t>(t), active);
      const bool above = a > threshold;
      // Row t - 1 exists (row 0 is the initial state): an outburst under way
      // when the window opens did not start in it.
      const bool before = results_.at(static_cast<std::size_t>(t - 1), active) > threshold;
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
  }

  const ResultsTable& results_;
  const Headcount& headcount_;
  std::int64_t first_;
  std::int64_t last_;
  double ticks_per_year_;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Offences per 1,000 citizen-ticks at liberty on the cells a camera watches,
// and off them (NaN without such citizen-ticks).
double watched_offence_rate(const Window& w) {
  const double watched = w.sum("watched_citizens");
  return watched > 0 ? 1000.0 * w.sum("watched_offences") / watched : kNaN;
}
double unwatched_offence_rate(const Window& w) {
  const double elsewhere = w.at_liberty() - w.sum("watched_citizens");
  return elsewhere > 0 ? 1000.0 * (w.sum("offences") - w.sum("watched_offences")) / elsewhere
                       : kNaN;
}

// A metric and how a window gives it: the one list of the section-4 metrics.
struct Metric {
  MetricSpec spec;
  double (*value)(const Window&);
};

const std::vector<Metric>& metric_list() {
  using W = const Window&;
  static const std::vector<Metric> list = {
      {{"mean_quiet", "citizens", "mean QUIET citizens at liberty"},
       [](W w) { return w.mean("quiet"); }},
      {{"mean_dissent", "citizens", "mean citizens expressing DISSENT"},
       [](W w) { return w.mean("dissent"); }},
      {{"mean_active", "citizens", "mean ACTIVE citizens", MetricGroup::kStability},
       [](W w) { return w.mean("active"); }},
      {{"mean_jailed", "citizens", "mean citizens in jail"}, [](W w) { return w.mean("jailed"); }},
      {{"mean_detained", "citizens", "mean citizens in detention"},
       [](W w) { return w.mean("detained"); }},
      {{"outbursts", "outbursts",
        "outbursts (maximal runs of ticks with more actives than the outburst threshold, "
        "outputs.outburst_threshold and outputs.outburst_scale, as in the run's summary) that "
        "start in the window",
        MetricGroup::kStability},
       [](W w) { return w.outbursts; }},
      {{"outburst_ticks", "ticks", "ticks with actives above the threshold",
        MetricGroup::kStability},
       [](W w) { return w.outburst_ticks; }},
      {{"outburst_activation", "citizen-ticks",
        "actives summed over the window's ticks above the threshold", MetricGroup::kStability},
       [](W w) { return w.activation; }},
      {{"outburst_duration", "ticks",
        "mean ticks per outburst that starts in the window, counting its ticks in the window "
        "(null without outbursts)"},
       [](W w) { return w.outbursts > 0 ? w.started_ticks / w.outbursts : kNaN; }},
      {{"outburst_waiting_time", "ticks",
        "mean calm ticks between an outburst and the next, both within the window: the ticks "
        "strictly between the last tick of one and the first of the next, start - end - 1, as "
        "in the run's summary (null without such a pair)"},
       [](W w) { return w.waits > 0 ? w.waiting / w.waits : kNaN; }},
      {{"peak_active", "citizens", "most ACTIVE citizens in a tick", MetricGroup::kStability},
       [](W w) { return w.peak; }},
      {{"activations_per_tick", "citizens",
        "mean citizens turning ACTIVE per tick, counted even when arrested in the same tick "
        "(end-of-tick actives miss those)",
        MetricGroup::kStability},
       [](W w) { return w.mean("activations"); }},
      {{"arrests_per_tick", "arrests", "mean arrests by cops per tick (rule C and warrants)",
        MetricGroup::kStability},
       [](W w) { return w.mean("arrests"); }},
      {{"offences_per_1000", "per 1,000 citizens per tick",
        "ordinary offences (crime.rate) per tick per 1,000 citizens: the public safety that "
        "cameras and policing are sold on",
        MetricGroup::kStability},
       [](W w) {
         return w.ticks() > 0 ? 1000.0 * w.sum("offences") / w.ticks() / w.citizens() : 0.0;
       }},
      {{"offence_rate_at_liberty", "per 1,000 citizen-ticks",
        "offences per 1,000 citizen-ticks at liberty: offences_per_1000 without the "
        "incapacitation of the confined, who commit none (null without citizens at liberty)"},
       [](W w) {
         const double at_liberty = w.at_liberty();
         return at_liberty > 0 ? 1000.0 * w.sum("offences") / at_liberty : kNaN;
       }},
      {{"detected_offences_per_1000", "per 1,000 citizens per tick",
        "offences detected per tick per 1,000 citizens"},
       [](W w) {
         return w.ticks() > 0 ? 1000.0 * w.sum("detected_offences") / w.ticks() / w.citizens()
                              : 0.0;
       }},
      {{"offence_detection_share", "share", "share of offences detected (null without offences)"},
       [](W w) { return w.ratio("detected_offences", "offences"); }},
      {{"offence_rate_watched", "per 1,000 citizen-ticks",
        "offences per 1,000 citizen-ticks at liberty on cells a camera watches (null without "
        "such citizen-ticks)"},
       [](W w) { return watched_offence_rate(w); }},
      {{"offence_rate_unwatched", "per 1,000 citizen-ticks",
        "offences per 1,000 citizen-ticks at liberty elsewhere (null without such citizen-ticks)"},
       [](W w) { return unwatched_offence_rate(w); }},
      {{"camera_offence_effect", "share",
        "offence rate on watched cells / elsewhere - 1: the cameras' effect on offences where "
        "they look, as the CCTV evaluations measure it [S42] (null when either rate is undefined "
        "or the rate elsewhere is 0)"},
       [](W w) {
         const double elsewhere = unwatched_offence_rate(w);
         // NaN where the watched rate is undefined, too.
         return elsewhere > 0 ? watched_offence_rate(w) / elsewhere - 1.0 : kNaN;
       }},
      {{"mean_activity_spell", "ticks",
        "mean ticks a citizen stays ACTIVE once it turns ACTIVE: ACTIVE citizen-ticks / "
        "activations (Little's law; null without activations)"},
       [](W w) { return w.ratio("active", "activations"); }},
      {{"mean_liberty_spell", "ticks",
        "mean ticks at liberty between confinements: citizen-ticks at liberty / (arrests + "
        "detentions) (Little's law; null without confinements). A revolving door shows as a "
        "short spell beside few end-of-tick actives",
        MetricGroup::kLiberty},
       [](W w) {
         const double c = w.sum("arrests") + w.sum("detentions");
         return c > 0 ? w.at_liberty() / c : kNaN;
       }},
      {{"perceived_dissent_risk", "",
        "mean perceived chance of a sanction for DISSENT, citizens at liberty"},
       [](W w) { return w.mean("perceived_dissent_risk"); }},
      {{"perceived_active_risk", "",
        "mean perceived chance of a sanction for ACTIVE beyond Epstein's arrest risk"},
       [](W w) { return w.mean("perceived_active_risk"); }},
      {{"sanction_rate_dissent", "per citizen-tick",
        "ground truth of the DISSENT belief: sanctions for DISSENT per citizen-tick of DISSENT "
        "(null without DISSENT)"},
       [](W w) { return w.ratio("sanctions_dissent", "dissent"); }},
      {{"sanction_rate_active", "per citizen-tick",
        "ground truth of the ACTIVE belief: sanctions for ACTIVE per citizen-tick of ACTIVE "
        "(null without actives)"},
       [](W w) { return w.ratio("sanctions_active", "active"); }},
      {{"exposure", "share", "mean share of citizens recorded per tick", MetricGroup::kLiberty},
       [](W w) { return w.mean("exposure"); }},
      {{"falsification_gap", "share", "mean share of private dissenters at liberty who stay QUIET",
        MetricGroup::kLiberty},
       [](W w) { return w.mean("falsification_gap"); }},
      {{"expressed_dissent", "share", "mean share of citizens at liberty in DISSENT or ACTIVE",
        MetricGroup::kLiberty},
       [](W w) { return w.mean("expressed_dissent"); }},
      {{"wrongful_arrests_per_1000", "per 1,000 citizens", "arrests of citizens never ACTIVE",
        MetricGroup::kLiberty},
       [](W w) { return 1000.0 * w.sum("wrongful_arrests") / w.citizens(); }},
      {{"innocent_arrests_per_1000", "per 1,000 citizens",
        "arrests of citizens never ACTIVE nor DISSENT", MetricGroup::kLiberty},
       [](W w) { return 1000.0 * w.sum("innocent_arrests") / w.citizens(); }},
      {{"wrongful_detentions_per_1000", "per 1,000 citizens", "detentions of citizens never ACTIVE",
        MetricGroup::kLiberty},
       [](W w) { return 1000.0 * w.sum("wrongful_detentions") / w.citizens(); }},
      {{"innocent_detentions_per_1000", "per 1,000 citizens",
        "detentions of citizens never ACTIVE nor DISSENT", MetricGroup::kLiberty},
       [](W w) { return 1000.0 * w.sum("innocent_detentions") / w.citizens(); }},
      {{"minority_wrongful_detentions_per_1000", "per 1,000 minority citizens",
        "detentions of minority citizens never ACTIVE", MetricGroup::kLiberty},
       [](W w) {
         return w.minority() > 0 ? 1000.0 * w.sum("minority_wrongful_detentions") / w.minority()
                                 : 0.0;
       }},
      {{"confined_ticks_per_citizen", "person-ticks per citizen",
        "ticks spent in jail or detention, summed over citizens, per citizen",
        MetricGroup::kLiberty},
       [](W w) { return w.sum("confined") / w.citizens(); }},
      {{"blacklisted_share", "share", "mean share of citizens blacklisted", MetricGroup::kLiberty},
       [](W w) { return w.mean("blacklisted_share"); }},
      {{"sanction_hardship", "", "mean hardship added by sanctions per citizen"},
       [](W w) { return w.mean("sanction_hardship"); }},
      {{"mean_legitimacy", "", "mean perceived legitimacy"},
       [](W w) { return w.mean("mean_legitimacy"); }},
      {{"mean_hardship", "", "mean effective hardship"},
       [](W w) { return w.mean("mean_hardship"); }},
      {{"flag_precision", "share",
        "share of newly flagged citizens that were ever ACTIVE (null without flags)"},
       [](W w) { return w.ratio("ijop_new_flags_ever_active", "ijop_new_flags"); }},
      {{"misattributed_share", "share",
        "share of observation events that were misattributed (0 without events)"},
       [](W w) {
         const double events = w.sum("events");
         return events > 0 ? w.sum("misattributed_events") / events : 0.0;
       }},
      {{"cost_total", "US$", "total cost: cops, jail, detention and every mechanism's",
        MetricGroup::kCost},
       [](W w) { return w.sum("cost_total"); }},
      {{"cost_per_1000_per_year", "US$ per 1,000 citizens per year",
        "total cost over the window per tick x model.ticks_per_year, per 1,000 citizens",
        MetricGroup::kCost},
       [](W w) {
         return w.ticks() > 0
                    ? 1000.0 * w.sum("cost_total") / w.ticks() * w.ticks_per_year() / w.citizens()
                    : 0.0;
       }},
  };
  return list;
}

std::vector<MetricSpec> build_specs() {
  std::vector<MetricSpec> m;
  for (const Metric& metric : metric_list()) m.push_back(metric.spec);
  for (const MechanismInfo& info : mechanism_registry()) {
    for (const OutputColumn& c : info.results) {
      // A mechanism's spending (`<mechanism>_cost`) is in US$.
      m.push_back({c.name, c.unit,
                   std::string(c.reduce == Reduce::kSum ? "total of " : "mean of ") + c.meaning,
                   c.unit == "US$" ? MetricGroup::kCost : MetricGroup::kNone});
    }
  }
  return m;
}

}  // namespace

std::string_view to_string(MetricGroup group) {
  switch (group) {
    case MetricGroup::kStability:
      return "stability";
    case MetricGroup::kLiberty:
      return "liberty";
    case MetricGroup::kCost:
      return "cost";
    case MetricGroup::kNone:
      break;
  }
  return "";
}

const std::vector<MetricSpec>& metric_specs() {
  static const std::vector<MetricSpec> specs = build_specs();
  return specs;
}

std::size_t metric_index(std::string_view name) {
  const auto& specs = metric_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return i;
  }
  throw std::out_of_range("no metric " + std::string(name));
}

std::int64_t adoption_tick(const Scenario& scenario) {
  std::int64_t first = -1;
  for (const MechanismInfo& m : mechanism_registry()) {
    if (!scenario.params.get_bool(m.name + ".enabled")) continue;
    const std::int64_t start = scenario.params.get_int(m.name + ".start_tick");
    first = first < 0 ? start : std::min(first, start);
  }
  return std::max<std::int64_t>(first, 0);
}

std::vector<TickWindow> summary_windows(const Scenario& scenario, std::int64_t ticks) {
  const std::int64_t last = std::max<std::int64_t>(ticks, 0);
  const std::int64_t adopted = std::max<std::int64_t>(1, adoption_tick(scenario));
  std::vector<TickWindow> w = {
      {1, last, "whole_run"},
      {adopted, std::min(last, adopted + scenario.short_window - 1), "short_term"},
      {std::max<std::int64_t>(adopted, last - scenario.long_window + 1), last, "long_term"},
  };
  if (adopted > 1) w.push_back({1, std::min(last, adopted - 1), "burn_in"});
  return w;
}

Headcount headcount_of(const Model& model) {
  Headcount h;
  h.citizens = static_cast<double>(model.citizen_count());
  if (const Compliance* layer = model.compliance()) h.minority = layer->society().minority_size;
  return h;
}

std::vector<double> window_metrics(const ResultsTable& results, const Headcount& headcount,
                                   const Scenario& scenario, const TickWindow& window) {
  const Window w(results, headcount, scenario, window);
  std::vector<double> v;
  v.reserve(metric_specs().size());
  for (const Metric& metric : metric_list()) v.push_back(metric.value(w));
  for (const MechanismInfo& info : mechanism_registry()) {
    for (const OutputColumn& c : info.results) {
      v.push_back(c.reduce == Reduce::kSum ? w.sum(c.name) : w.mean(c.name));
    }
  }
  return v;
}

}  // namespace panopticon
