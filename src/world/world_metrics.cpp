#include "panopticon/world_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "panopticon/parameter_table.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The AI Global Surveillance Index's kinds [S25]: facial recognition, smart
// policing, safe city.
bool ai_package(Package p) {
  return p == Package::kCameras || p == Package::kPolicing || p == Package::kPlatform;
}

double ratio(double num, double den) {
  return den > 0.0 ? num / den : kNaN;
}

}  // namespace

const std::vector<WorldMetricSpec>& world_metric_specs() {
  static const std::vector<WorldMetricSpec> specs = {
      {"share_importing_ai", "share",
       "countries but the exporter that took cameras, policing or the platform from it by "
       "end_year (the AI Global Surveillance Index's kinds [S25]: 63 of 176 by 2019)"},
      {"share_importing_any", "share", "countries but the exporter that took any package"},
      {"packages_per_importer", "packages", "packages taken per country that took any"},
      {"belt_and_road_share", "share",
       "Belt and Road members among the countries that took an AI package (36 of 63 [S26])"},
      {"first_import_year", "year", "the mean year of a country's first import"},
      {"acceptance_autocracy_unrest", "share",
       "offers accepted by autocracies (openness < 0.4) in years of unrest (U > 0.1)"},
      {"acceptance_autocracy_calm", "share", "offers accepted by autocracies in calm years"},
      {"acceptance_democracy_unrest", "share",
       "offers accepted by democracies (openness >= 0.6) in years of unrest"},
      {"acceptance_democracy_calm", "share", "offers accepted by democracies in calm years"},
      {"long_term_activations_per_1000", "per 1,000 per year",
       "activations over the world's last long_years, weighted by population"},
      {"long_term_offences_per_1000", "per 1,000 per year",
       "offences over the last long_years, weighted by population"},
      {"long_term_confined_per_1000", "per 1,000",
       "jailed and detained over the last long_years, weighted by population"},
  };
  return specs;
}

std::optional<std::size_t> find_world_metric(std::string_view name) {
  const auto& specs = world_metric_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return i;
  }
  return std::nullopt;
}

std::string world_metric_suggestion(std::string_view name) {
  std::string all;
  std::string near;
  for (const WorldMetricSpec& s : world_metric_specs()) {
    all += (all.empty() ? "" : ", ") + s.name;
    if (edit_distance(name, s.name) <= 3) near = s.name;
  }
  return (near.empty() ? "" : fmt::format("did you mean {}? ", near)) + "one of " + all +
         " (docs/experiments.md, World plans)";
}

std::vector<double> world_metrics(const WorldSpec& w, const WorldResult& r) {
  const std::size_t n = w.countries.size();
  std::set<std::size_t> ai;
  std::set<std::size_t> any;
  std::map<std::size_t, int> first;
  double taken = 0.0;
  for (const Adoption& a : r.adoptions) {
    if (a.how == Acquisition::kHeld || a.country == w.exporter || a.year > w.end_year) continue;
    any.insert(a.country);
    if (ai_package(a.package)) ai.insert(a.country);
    taken += 1.0;
    const auto [at, fresh] = first.try_emplace(a.country, a.year);
    if (!fresh) at->second = std::min(at->second, a.year);
  }
  const double others = static_cast<double>(n > 0 ? n - 1 : 0);
  double belt = 0.0;
  for (const std::size_t c : ai) belt += w.countries[c].belt_and_road ? 1.0 : 0.0;
  double first_sum = 0.0;
  for (const auto& [c, year] : first) first_sum += year;

  // [autocracy, democracy][unrest, calm]: accepted, offered.
  double accepted[2][2] = {};
  double offered[2][2] = {};
  for (const Offer& o : r.offers) {
    const int regime = o.inputs.openness < 0.4 ? 0 : (o.inputs.openness >= 0.6 ? 1 : -1);
    if (regime < 0) continue;
    const int unrest = o.inputs.unrest > 0.1 ? 0 : 1;
    offered[regime][unrest] += 1.0;
    accepted[regime][unrest] += o.accepted ? 1.0 : 0.0;
  }

  const int long_first = std::max(w.start_year, w.end_year - w.long_years + 1);
  double weight = 0.0;
  double activations = 0.0;
  double offences = 0.0;
  double confined = 0.0;
  for (const CountryYear& y : r.years) {
    if (y.year < long_first || y.year > w.end_year) continue;
    const double p = w.countries[y.country].population;
    weight += p;
    activations += p * y.activations_per_1000;
    offences += p * y.offences_per_1000;
    confined += p * y.confined_per_1000;
  }

  return {
      ratio(static_cast<double>(ai.size()), others),
      ratio(static_cast<double>(any.size()), others),
      ratio(taken, static_cast<double>(any.size())),
      ratio(belt, static_cast<double>(ai.size())),
      ratio(first_sum, static_cast<double>(first.size())),
      ratio(accepted[0][0], offered[0][0]),
      ratio(accepted[0][1], offered[0][1]),
      ratio(accepted[1][0], offered[1][0]),
      ratio(accepted[1][1], offered[1][1]),
      ratio(activations, weight),
      ratio(offences, weight),
      ratio(confined, weight),
  };
}

}  // namespace panopticon
