#include "panopticon/world_tables.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "panopticon/atomic_file.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/statistics.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The world's own numbers of a country's year, before the layer's metrics.
constexpr std::array<const char*, 9> kOwnMetrics = {
    "activations_per_1000_per_year",
    "offences_per_1000_per_year",
    "confined_per_1000",
    "unrest_index",
    "crime_index",
    "openness",
    "hardship_shift",
    "spent_usd",
    "debt_usd",
};

// Money adds up over a region; the rest are rates and shares.
constexpr std::size_t kSpent = 7;
constexpr std::size_t kDebt = 8;
static_assert(std::string_view(kOwnMetrics[kSpent]) == "spent_usd");
static_assert(std::string_view(kOwnMetrics[kDebt]) == "debt_usd");

// The layer's metrics the tables carry: those of the trade-off (stability,
// liberty, cost).
const std::vector<std::size_t>& layer_metric_indices() {
  static const std::vector<std::size_t> indices = [] {
    std::vector<std::size_t> out;
    const auto& specs = metric_specs();
    for (std::size_t k = 0; k < specs.size(); ++k) {
      if (specs[k].group != MetricGroup::kNone) out.push_back(k);
    }
    return out;
  }();
  return indices;
}

std::string field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string number(double v) {
  return std::isnan(v) ? std::string() : fmt::format("{}", v);
}

std::string packages_text(PackageSet set) {
  std::string out;
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    const auto package = static_cast<Package>(p);
    if ((set & package_bit(package)) != 0) {
      if (!out.empty()) out += '+';
      out += package_name(package);
    }
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const double x : v) {
    if (std::isnan(x)) continue;
    sum += x;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

// The region names in order of first appearance, then "world".
std::vector<std::string> region_names(const WorldSpec& w) {
  std::vector<std::string> out;
  for (const CountrySpec& c : w.countries) {
    if (!c.region.empty() && std::find(out.begin(), out.end(), c.region) == out.end()) {
      out.push_back(c.region);
    }
  }
  out.emplace_back("world");
  return out;
}

bool in_region(const CountrySpec& c, const std::string& region) {
  return region == "world" || c.region == region;
}

// Whether a metric means the same in countries of any size (a rate, a
// share, a duration, a count of outbursts): only those are averaged over
// a region. Counts of agents (mean_active, cost_total in simulation
// units) are not; spent_usd and debt_usd, scaled to persons, add up.
const std::vector<bool>& regional_metrics() {
  static const std::vector<bool> comparable = [] {
    std::vector<bool> out(kOwnMetrics.size(), true);
    for (const std::size_t k : layer_metric_indices()) {
      const std::string& unit = metric_specs()[k].unit;
      out.push_back(unit.find("per") != std::string::npos || unit == "share" || unit == "ticks" ||
                    unit == "outbursts" || unit.empty());
    }
    return out;
  }();
  return comparable;
}

// A region's year: population-weighted means of its countries' metrics.
std::vector<double> region_year(const WorldSpec& w, const std::vector<CountryYear>& years,
                                std::size_t first, const std::string& region) {
  const std::size_t m = country_year_metric_names().size();
  std::vector<double> sum(m, 0.0);
  std::vector<double> weight(m, 0.0);
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const CountrySpec& c = w.countries[i];
    if (!in_region(c, region)) continue;
    const std::vector<double> v = country_year_metric_values(years[first + i]);
    for (std::size_t k = 0; k < m; ++k) {
      if (std::isnan(v[k]) || !regional_metrics()[k]) continue;
      // Money adds up; everything else is a rate or a share.
      const bool total = k == kSpent || k == kDebt;
      sum[k] += total ? v[k] : v[k] * c.population;
      weight[k] += total ? 1.0 : c.population;
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    const bool total = k == kSpent || k == kDebt;
    sum[k] = weight[k] > 0.0 ? (total ? sum[k] : sum[k] / weight[k]) : kNaN;
  }
  return sum;
}

// Index of a year's first row in WorldResult::years.
std::size_t year_row(const WorldSpec& w, int year) {
  return static_cast<std::size_t>(year - (w.start_year - w.burn_in_years)) * w.countries.size();
}

int first_import(const WorldResult& r, std::size_t country) {
  int first = std::numeric_limits<int>::max();
  for (const Adoption& a : r.adoptions) {
    if (a.country == country && a.how != Acquisition::kHeld) first = std::min(first, a.year);
  }
  return first;
}

struct Window {
  const char* name;
  int first;
  int last;
};

std::vector<Window> windows_from(const WorldSpec& w, int from) {
  const int start = std::clamp(from, w.start_year, w.end_year);
  return {{"short_term", start, std::min(w.end_year, start + w.short_years - 1)},
          {"long_term", std::max(w.start_year, w.end_year - w.long_years + 1), w.end_year}};
}

// The mean of each metric over a window's years, for a country or a region.
std::vector<double> window_mean(
    const WorldSpec& w, const Window& win,
    const std::function<std::vector<double>(std::size_t)>& year_values) {
  const std::size_t m = country_year_metric_names().size();
  std::vector<std::vector<double>> by_metric(m);
  for (int y = win.first; y <= win.last; ++y) {
    const std::vector<double> v = year_values(year_row(w, y));
    for (std::size_t k = 0; k < m; ++k) by_metric[k].push_back(v[k]);
  }
  std::vector<double> out(m);
  for (std::size_t k = 0; k < m; ++k) out[k] = mean_of(by_metric[k]);
  return out;
}

struct CompareRow {
  int replicate;
  std::string level;
  std::string name;
  std::string window;
  std::size_t metric;
  double with;
  double without;
};

std::vector<CompareRow> compare_rows(const WorldSpec& w, const std::vector<WorldReplicate>& runs) {
  std::vector<CompareRow> rows;
  const std::size_t m = country_year_metric_names().size();
  for (const WorldReplicate& run : runs) {
    if (!run.without) continue;
    for (std::size_t i = 0; i < w.countries.size(); ++i) {
      const int from = first_import(run.with, i);
      for (const Window& win :
           windows_from(w, from == std::numeric_limits<int>::max() ? w.start_year : from)) {
        const auto values = [i](const WorldResult& r) {
          return [&r, i](std::size_t row) { return country_year_metric_values(r.years[row + i]); };
        };
        const std::vector<double> with = window_mean(w, win, values(run.with));
        const std::vector<double> without = window_mean(w, win, values(*run.without));
        for (std::size_t k = 0; k < m; ++k) {
          rows.push_back(
              {run.replicate, "country", w.countries[i].name, win.name, k, with[k], without[k]});
        }
      }
    }
    for (const std::string& region : region_names(w)) {
      // A region's short term starts with its first import (the earliest
      // of its countries').
      int from = std::numeric_limits<int>::max();
      for (std::size_t i = 0; i < w.countries.size(); ++i) {
        if (in_region(w.countries[i], region)) from = std::min(from, first_import(run.with, i));
      }
      for (const Window& win :
           windows_from(w, from == std::numeric_limits<int>::max() ? w.start_year : from)) {
        const auto values = [&w, &region](const WorldResult& r) {
          return
              [&w, &r, &region](std::size_t row) { return region_year(w, r.years, row, region); };
        };
        const std::vector<double> with = window_mean(w, win, values(run.with));
        const std::vector<double> without = window_mean(w, win, values(*run.without));
        for (std::size_t k = 0; k < m; ++k) {
          rows.push_back({run.replicate, "region", region, win.name, k, with[k], without[k]});
        }
      }
    }
  }
  return rows;
}

nlohmann::json dated_json(const std::vector<DatedPackage>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const DatedPackage& d : list) {
    out.push_back({{"package", package_name(d.package)},
                   {"year", d.year},
                   {"terms", terms_name(d.terms)},
                   {"source", d.source}});
  }
  return out;
}

nlohmann::json world_json(const WorldSpec& w, const std::vector<WorldReplicate>& runs) {
  nlohmann::json countries = nlohmann::json::array();
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const CountrySpec& c = w.countries[i];
    nlohmann::json neighbours = nlohmann::json::array();
    for (const std::size_t j : c.neighbours) neighbours.push_back(w.countries[j].name);
    countries.push_back({
        {"name", c.name},
        {"exporter", i == w.exporter},
        {"scenario", c.scenario.string()},
        {"region", c.region},
        {"neighbours", neighbours},
        {"population", c.population},
        {"persons_per_agent", c.persons_per_agent},
        {"lattice", {c.as_run.width, c.as_run.height}},
        {"openness", c.openness},
        {"legitimacy", c.as_run.legitimacy},
        {"hardship_shift", c.as_run.hardship_shift},
        {"crime", c.as_run.crime},
        {"belt_and_road", c.belt_and_road},
        {"strategic_value", c.strategic_value},
        {"debt_exposure", c.debt_exposure},
        {"holds", dated_json(c.holds)},
        {"events", dated_json(c.events)},
        {"events_used", w.mode == WorldMode::kHistorical},
        {"seed", country_seed(w, i, 0)},
    });
  }
  nlohmann::json showcases = nlohmann::json::array();
  for (const Showcase& s : w.showcases) {
    showcases.push_back(
        {{"name", s.name}, {"year", s.year}, {"boost", s.boost}, {"half_life", s.half_life}});
  }
  nlohmann::json prices = nlohmann::json::object();
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    prices[std::string(package_name(static_cast<Package>(p)))] = w.financing.price_per_person[p];
  }
  nlohmann::json targets = nlohmann::json::object();
  for (const TrainingTarget& t : w.training.targets) targets[t.key] = t.ceiling;
  return {
      {"panopticon", kVersion},
      {"world", w.source},
      {"mode", w.mode == WorldMode::kHistorical ? "historical" : "simulated"},
      {"start_year", w.start_year},
      {"end_year", w.end_year},
      {"burn_in_years", w.burn_in_years},
      {"ticks_per_year", w.ticks_per_year},
      {"seed", w.seed},
      {"replicates", runs.size()},
      {"baseline", !runs.empty() && runs.front().without.has_value()},
      {"short_years", w.short_years},
      {"long_years", w.long_years},
      {"exporter", w.countries[w.exporter].name},
      {"countries", countries},
      {"pull",
       {{"base", w.pull.base},
        {"unrest", w.pull.unrest},
        {"crime", w.pull.crime},
        {"unrest_regime", w.pull.unrest_regime},
        {"demonstration", w.pull.demonstration},
        {"neighbours", w.pull.neighbours},
        {"scale", w.pull.scale},
        {"openness_exponent", w.pull.openness_exponent},
        {"price_sensitivity", w.pull.price_sensitivity},
        {"crime_reference", w.pull.crime_reference}}},
      {"push",
       {{"membership", w.push.membership},
        {"strategic", w.push.strategic},
        {"debt", w.push.debt},
        {"alignment", w.push.alignment},
        {"offers_per_year", w.push.offers_per_year},
        {"offer_at", w.push.offer_at},
        {"free_at", w.push.free_at},
        {"partly_free_at", w.push.partly_free_at}}},
      {"training", {{"years", w.training.years}, {"rate", w.training.rate}, {"targets", targets}}},
      {"financing",
       {{"relief", w.financing.relief},
        {"relief_years", w.financing.relief_years},
        {"debt_service", w.financing.debt_service},
        {"grace_years", w.financing.grace_years},
        {"service_years", w.financing.service_years},
        {"price_per_person", prices},
        {"illustrative", true}}},
      {"institutions",
       {{"enabled", w.institutions.enabled},
        {"rate", w.institutions.rate},
        {"capacity_at", w.institutions.capacity_at},
        {"repression_at", w.institutions.repression_at}}},
      {"showcases", showcases},
  };
}

}  // namespace

std::vector<std::string> country_year_metric_names() {
  std::vector<std::string> out(kOwnMetrics.begin(), kOwnMetrics.end());
  for (const std::size_t k : layer_metric_indices()) out.push_back(metric_specs()[k].name);
  return out;
}

std::vector<double> country_year_metric_values(const CountryYear& y) {
  std::vector<double> out = {y.activations_per_1000,
                             y.offences_per_1000,
                             y.confined_per_1000,
                             y.unrest,
                             y.crime,
                             y.openness,
                             y.hardship_shift,
                             y.spent_usd,
                             y.debt_usd};
  for (const std::size_t k : layer_metric_indices()) out.push_back(y.metrics[k]);
  return out;
}

WorldComparison summarise_pairs(std::span<const double> with, std::span<const double> without) {
  std::vector<double> kept_with;
  std::vector<double> kept_without;
  std::vector<double> differences;
  for (std::size_t r = 0; r < std::min(with.size(), without.size()); ++r) {
    if (std::isnan(with[r]) || std::isnan(without[r])) continue;
    kept_with.push_back(with[r]);
    kept_without.push_back(without[r]);
    differences.push_back(with[r] - without[r]);
  }
  const PairedTest test = paired_t_test(differences);
  WorldComparison c;
  c.with = mean_of(kept_with);
  c.without = mean_of(kept_without);
  c.difference = test.mean;
  c.standard_error = test.standard_error;
  c.replicates = test.pairs;
  return c;
}

std::vector<WorldComparison> compare_worlds(const WorldSpec& world,
                                            const std::vector<WorldReplicate>& runs) {
  const std::vector<CompareRow> rows = compare_rows(world, runs);
  const std::vector<std::string> names = country_year_metric_names();
  std::map<std::tuple<std::string, std::string, std::string, std::size_t>,
           std::vector<const CompareRow*>>
      groups;
  std::vector<std::tuple<std::string, std::string, std::string, std::size_t>> order;
  for (const CompareRow& r : rows) {
    auto key = std::make_tuple(r.level, r.name, r.window, r.metric);
    auto [at, fresh] = groups.try_emplace(key);
    if (fresh) order.push_back(key);
    at->second.push_back(&r);
  }
  std::vector<WorldComparison> out;
  for (const auto& key : order) {
    const auto& group = groups.at(key);
    std::vector<double> with;
    std::vector<double> without;
    for (const CompareRow* r : group) {
      with.push_back(r->with);
      without.push_back(r->without);
    }
    WorldComparison c = summarise_pairs(with, without);
    c.level = std::get<0>(key);
    c.name = std::get<1>(key);
    c.window = std::get<2>(key);
    c.metric = names[std::get<3>(key)];
    out.push_back(std::move(c));
  }
  return out;
}

void write_world_tables(const WorldSpec& w, const std::vector<WorldReplicate>& runs,
                        const std::filesystem::path& directory) {
  const std::vector<std::string> names = country_year_metric_names();
  std::string adoptions = "replicate,year,country,region,package,terms,price_usd,how,probability\n";
  std::string offers =
      "replicate,year,country,package,terms,priority,unrest,crime,demonstration,neighbours,"
      "openness,price,probability,accepted\n";
  std::string changes = "replicate,year,country,key,value,why\n";
  std::string header = "replicate,exports,year,country,region,population,citizens,packages";
  for (const std::string& n : names) header += fmt::format(",{}", n);
  std::string years = header + "\n";
  std::string regions_header = "replicate,exports,year,region,population";
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    regions_header += fmt::format(",share_{}", package_name(static_cast<Package>(p)));
  }
  for (const std::string& n : names) regions_header += fmt::format(",{}", n);
  std::string regions = regions_header + "\n";

  for (const WorldReplicate& run : runs) {
    for (const Adoption& a : run.with.adoptions) {
      const CountrySpec& c = w.countries[a.country];
      adoptions += fmt::format("{},{},{},{},{},{},{},{},{}\n", run.replicate, a.year, field(c.name),
                               field(c.region), package_name(a.package), terms_name(a.terms),
                               number(a.price_usd), to_string(a.how), number(a.probability));
    }
    for (const Offer& o : run.with.offers) {
      offers += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", run.replicate, o.year,
                            field(w.countries[o.country].name), package_name(o.package),
                            terms_name(o.terms), number(o.priority), number(o.inputs.unrest),
                            number(o.inputs.crime), number(o.inputs.demonstration),
                            number(o.inputs.neighbours), number(o.inputs.openness),
                            number(o.inputs.price), number(o.probability), o.accepted ? 1 : 0);
    }
    for (const WorldParameterChange& c : run.with.changes) {
      changes += fmt::format("{},{},{},{},{},{}\n", run.replicate, c.year,
                             field(w.countries[c.country].name), c.key, number(c.value), c.why);
    }
    const auto write_world = [&](const WorldResult& r, int exports) {
      for (const CountryYear& y : r.years) {
        const CountrySpec& c = w.countries[y.country];
        years +=
            fmt::format("{},{},{},{},{},{},{},{}", run.replicate, exports, y.year, field(c.name),
                        field(c.region), number(c.population), number(y.citizens),
                        y.country == w.exporter ? "all" : packages_text(y.packages));
        for (const double v : country_year_metric_values(y)) years += fmt::format(",{}", number(v));
        years += "\n";
      }
      for (int year = w.start_year - w.burn_in_years; year <= w.end_year; ++year) {
        const std::size_t row = year_row(w, year);
        for (const std::string& region : region_names(w)) {
          double population = 0.0;
          std::array<double, kPackageCount> under{};
          for (std::size_t i = 0; i < w.countries.size(); ++i) {
            const CountrySpec& c = w.countries[i];
            if (!in_region(c, region)) continue;
            population += c.population;
            for (std::size_t p = 0; p < kPackageCount; ++p) {
              const bool holds = i == w.exporter || (r.years[row + i].packages &
                                                     package_bit(static_cast<Package>(p))) != 0;
              under[p] += holds ? c.population : 0.0;
            }
          }
          regions += fmt::format("{},{},{},{},{}", run.replicate, exports, year, field(region),
                                 number(population));
          for (const double u : under) {
            regions += fmt::format(",{}", number(population > 0 ? u / population : kNaN));
          }
          for (const double v : region_year(w, r.years, row, region)) {
            regions += fmt::format(",{}", number(v));
          }
          regions += "\n";
        }
      }
    };
    write_world(run.with, 1);
    if (run.without) write_world(*run.without, 0);
  }
  write_file_atomically(directory / "adoptions.csv", adoptions);
  write_file_atomically(directory / "offers.csv", offers);
  write_file_atomically(directory / "changes.csv", changes);
  write_file_atomically(directory / "country_years.csv", years);
  write_file_atomically(directory / "regions.csv", regions);

  if (!runs.empty() && runs.front().without) {
    std::string compare = "replicate,level,name,window,metric,with,without,difference\n";
    for (const CompareRow& r : compare_rows(w, runs)) {
      const double d = std::isnan(r.with) || std::isnan(r.without) ? kNaN : r.with - r.without;
      compare +=
          fmt::format("{},{},{},{},{},{},{},{}\n", r.replicate, r.level, field(r.name), r.window,
                      names[r.metric], number(r.with), number(r.without), number(d));
    }
    write_file_atomically(directory / "compare.csv", compare);
    std::string summary =
        "level,name,window,metric,with,without,difference,standard_error,replicates\n";
    for (const WorldComparison& c : compare_worlds(w, runs)) {
      summary += fmt::format("{},{},{},{},{},{},{},{},{}\n", c.level, field(c.name), c.window,
                             c.metric, number(c.with), number(c.without), number(c.difference),
                             number(c.standard_error), c.replicates);
    }
    write_file_atomically(directory / "compare_summary.csv", summary);
  }
  write_file_atomically(directory / "world.json", world_json(w, runs).dump(2) + "\n");
}

}  // namespace panopticon
