#include "panopticon/counterfactual.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "panopticon/atomic_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/statistics.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What --without accepts besides the names, after mechanism_suggestion's list.
constexpr const char* kWithoutAlso = ", or all, or several separated by commas";

[[noreturn]] void unknown_mechanism(const std::string& name) {
  throw ScenarioError(SourcePlace{"--without " + name, 0, 0}, "", "", "unknown mechanism",
                      mechanism_suggestion(name) + kWithoutAlso);
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

Scenario variant(const Scenario& base, std::uint64_t seed, const std::vector<std::string>& off) {
  // The same results table on both sides, even with the mechanism the only thing on.
  std::vector<Override> overrides = {{"model.seed", std::to_string(seed)},
                                     {"model.compliance_layer", "always"}};
  for (const std::string& name : off) overrides.push_back({name + ".enabled", "false"});
  return parse_scenario(to_toml(base), base.source, overrides);
}

std::string text_of(double v) {
  return fmt::format("{}", v);
}

// Who is placed at tick 0 (initial_layout(), placement.cpp): under exact
// placement the counts decide the cells, under binomial placement every
// cell is drawn against the densities themselves.
struct Population {
  std::uint64_t citizens = 0;
  std::uint64_t cops = 0;
};
Population exact_population(const Scenario& s) {
  const auto cells = static_cast<std::uint64_t>(s.width) * s.height;
  auto count = [cells](double density) {
    return static_cast<std::uint64_t>(std::llround(density * static_cast<double>(cells)));
  };
  Population p;
  p.cops = count(s.cop_density.value_at(0));
  p.citizens = std::min(count(s.citizen_density), cells - std::min(cells, p.cops));
  return p;
}

}  // namespace

std::vector<std::string> parse_without(std::string_view list) {
  const std::string given(list);
  std::vector<bool> off(mechanism_registry().size(), false);
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(',', start);
    std::string_view name = list.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) {
      throw ScenarioError(SourcePlace{given.empty() ? "--without" : "--without " + given, 0, 0}, "",
                          "", given.empty() ? "no mechanism named" : "an empty name in the list",
                          mechanism_suggestion("") + kWithoutAlso);
    }
    const auto& registry = mechanism_registry();
    for (std::size_t i = 0; i < registry.size(); ++i) {
      if (name == "all" || registry[i].name == name) off[i] = true;
    }
    if (name != "all" && find_mechanism(name) == nullptr) unknown_mechanism(std::string(name));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  // In the registry's order, each once.
  std::vector<std::string> names;
  for (std::size_t i = 0; i < off.size(); ++i) {
    if (off[i]) names.push_back(mechanism_registry()[i].name);
  }
  return names;
}

void check_against(const Scenario& scenario, const Scenario& against) {
  const SourcePlace place{"--against " + against.source, 0, 0};
  const std::string& here = scenario.source;
  if (scenario.width != against.width || scenario.height != against.height) {
    const bool width = scenario.width != against.width;
    throw ScenarioError(place, width ? "lattice.width" : "lattice.height",
                        std::to_string(width ? against.width : against.height),
                        fmt::format("the baseline's lattice is {}x{}, {}'s is {}x{}", against.width,
                                    against.height, here, scenario.width, scenario.height),
                        fmt::format("the lattice of {} (lattice.width = {}, lattice.height = {})",
                                    here, scenario.width, scenario.height));
  }
  const std::string same_population = fmt::format(
      "the population of {} (citizens.density = {}, cops.density = {} at tick 0, "
      "rules.placement = {})",
      here, scenario.citizen_density, scenario.cop_density.value_at(0),
      to_string(scenario.rules.placement));
  if (scenario.rules.placement != against.rules.placement) {
    throw ScenarioError(place, "rules.placement", std::string(to_string(against.rules.placement)),
                        fmt::format("places another population than {}'s rules.placement = {}",
                                    here, to_string(scenario.rules.placement)),
                        same_population);
  }
  const bool citizens_differ = scenario.citizen_density != against.citizen_density;
  const bool cops_differ = scenario.cop_density.value_at(0) != against.cop_density.value_at(0);
  if (scenario.rules.placement == Placement::kExact) {
    const Population a = exact_population(scenario);
    const Population b = exact_population(against);
    if (a.citizens != b.citizens || a.cops != b.cops) {
      const bool cops = a.cops != b.cops;
      throw ScenarioError(place, cops ? "cops.density" : "citizens.density",
                          text_of(cops ? against.cop_density.value_at(0) : against.citizen_density),
                          fmt::format("makes {} citizens and {} cops, {} makes {} and {}",
                                      b.citizens, b.cops, here, a.citizens, a.cops),
                          same_population);
    }
  } else if (citizens_differ || cops_differ) {
    throw ScenarioError(
        place, cops_differ ? "cops.density" : "citizens.density",
        text_of(cops_differ ? against.cop_density.value_at(0) : against.citizen_density),
        fmt::format("binomial placement draws another population than {}'s", here),
        same_population);
  }
  struct Alike {
    const char* key;
    std::int64_t mine;
    std::int64_t theirs;
  };
  const std::array<Alike, 2> alike = {{
      {"model.steps", scenario.steps, against.steps},
      {"outputs.outburst_threshold", scenario.outburst_threshold, against.outburst_threshold},
  }};
  for (const auto& k : alike) {
    if (k.mine == k.theirs) continue;
    throw ScenarioError(
        place, k.key, std::to_string(k.theirs), fmt::format("differs from {}'s {}", here, k.mine),
        fmt::format("{} = {} as in {} (--steps and --set change both)", k.key, k.mine, here));
  }
  if (scenario.outburst_scaled != against.outburst_scaled) {
    const auto scale = [](bool scaled) { return scaled ? "\"population\"" : "\"absolute\""; };
    throw ScenarioError(
        place, "outputs.outburst_scale", scale(against.outburst_scaled),
        fmt::format("differs from {}'s {}", here, scale(scenario.outburst_scaled)),
        fmt::format("outputs.outburst_scale = {} as in {}", scale(scenario.outburst_scaled), here));
  }
}

std::string baseline_label(const Baseline& baseline) {
  if (baseline.against) return "against " + baseline.against->source;
  if (baseline.without.size() == mechanism_registry().size()) return "without every mechanism";
  std::string names;
  for (const std::string& n : baseline.without) names += (names.empty() ? "" : ", ") + n;
  return "without " + names;
}

double paired_difference(double with, double baseline) {
  if (std::isnan(with) || std::isnan(baseline)) return kNaN;
  return with - baseline;
}

CompareResult run_compare(const Scenario& scenario, const CompareOptions& options) {
  const Baseline& baseline = options.baseline;
  if (baseline.against.has_value() == !baseline.without.empty()) {
    throw ScenarioError(SourcePlace{"compare", 0, 0}, "", "",
                        baseline.against ? "two baselines" : "no baseline",
                        "exactly one of --without and --against");
  }
  for (const std::string& name : baseline.without) {
    if (find_mechanism(name) == nullptr) unknown_mechanism(name);
  }
  if (baseline.against) check_against(scenario, *baseline.against);
  CompareResult result;
  result.scenario = scenario;
  result.baseline = baseline;
  // The scenario's windows on both sides, whenever the baseline adopts its
  // mechanisms (or has none).
  for (const TickWindow& w : summary_windows(scenario, scenario.steps)) {
    if (w.name == "short_term" || w.name == "long_term") result.windows.push_back(w);
  }
  result.runs.resize(static_cast<std::size_t>(options.replicates));
  // Replicates are independent simulations, run side by side on the
  // process's thread budget.
  run_side_by_side(result.runs.size(), [&](std::size_t r) {
    PairedRun& run = result.runs[r];
    run.seed = scenario.seed + r;
    run.with = run_one(variant(scenario, run.seed, {}), result.windows);
    run.baseline = baseline.against
                       ? run_one(variant(*baseline.against, run.seed, {}), result.windows)
                       : run_one(variant(scenario, run.seed, baseline.without), result.windows);
  });
  return result;
}

std::vector<std::vector<MetricComparison>> compare_metrics(const CompareResult& result) {
  const std::size_t metrics = metric_specs().size();
  std::vector<std::vector<MetricComparison>> out(result.windows.size());
  for (std::size_t w = 0; w < result.windows.size(); ++w) {
    out[w].resize(metrics);
    std::vector<double> p(metrics);
    for (std::size_t m = 0; m < metrics; ++m) {
      // Pairwise: a replicate counts for a metric only where both sides define it.
      double with = 0.0;
      double base = 0.0;
      std::vector<double> d;
      for (const PairedRun& run : result.runs) {
        const double diff = paired_difference(run.with[w][m], run.baseline[w][m]);
        if (std::isnan(diff)) continue;
        with += run.with[w][m];
        base += run.baseline[w][m];
        d.push_back(diff);
      }
      const PairedTest t = paired_t_test(d);
      MetricComparison& c = out[w][m];
      c.pairs = t.pairs;
      c.with_mean = t.pairs > 0 ? with / static_cast<double>(t.pairs) : kNaN;
      c.baseline_mean = t.pairs > 0 ? base / static_cast<double>(t.pairs) : kNaN;
      c.difference = t.mean;
      c.standard_error = t.standard_error;
      c.p_value = p[m] = t.p_value;
    }
    // The family: every metric of this window with a p-value.
    const std::vector<double> holm = holm_adjust(p);
    for (std::size_t m = 0; m < metrics; ++m) {
      out[w][m].p_holm = holm[m];
      out[w][m].significant = holm[m] <= kSignificance;  // false for NaN
    }
  }
  return out;
}

void write_compare(const CompareResult& result, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  const auto& specs = metric_specs();
  const auto table = compare_metrics(result);
  auto number = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
  auto json_number = [](double v) {
    return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
  };

  std::string csv = "replicate,seed,window,metric,with,baseline,difference\n";
  for (std::size_t r = 0; r < result.runs.size(); ++r) {
    const PairedRun& run = result.runs[r];
    for (std::size_t w = 0; w < result.windows.size(); ++w) {
      for (std::size_t m = 0; m < specs.size(); ++m) {
        const double a = run.with[w][m];
        const double b = run.baseline[w][m];
        csv += fmt::format("{},{},{},{},{},{},{}\n", r, run.seed, result.windows[w].name,
                           specs[m].name, number(a), number(b), number(paired_difference(a, b)));
      }
    }
  }

  nlohmann::ordered_json j;
  j["program"] = "panopticon";
  j["version"] = kVersion;
  j["scenario_file"] = result.scenario.source;
  nlohmann::ordered_json base;
  if (result.baseline.against) {
    base["kind"] = "against";
    base["scenario_file"] = result.baseline.against->source;
  } else {
    base["kind"] = "without";
    base["mechanisms"] = result.baseline.without;
  }
  base["label"] = baseline_label(result.baseline);
  j["baseline"] = base;
  j["replicates"] = result.runs.size();
  j["seeds"] =
      fmt::format("{} to {}", result.scenario.seed, result.scenario.seed + result.runs.size() - 1);
  j["difference"] = "scenario - baseline, over the pairs where the metric is defined on both sides";
  j["test"] = "two-sided paired t-test; Holm-Bonferroni over the metrics of each window";

  auto cell_json = [&](const MetricComparison& c) {
    nlohmann::ordered_json cell;
    cell["with"] = json_number(c.with_mean);
    cell["baseline"] = json_number(c.baseline_mean);
    cell["difference"] = json_number(c.difference);
    cell["standard_error"] = json_number(c.standard_error);
    cell["pairs"] = c.pairs;
    cell["p_value"] = json_number(c.p_value);
    cell["p_holm"] = json_number(c.p_holm);
    cell["significant"] = std::isnan(c.p_holm) ? nlohmann::ordered_json(nullptr)
                                               : nlohmann::ordered_json(c.significant);
    return cell;
  };
  for (std::size_t w = 0; w < result.windows.size(); ++w) {
    nlohmann::ordered_json window;
    window["first_tick"] = result.windows[w].first;
    window["last_tick"] = result.windows[w].last;
    for (std::size_t m = 0; m < specs.size(); ++m) window[specs[m].name] = cell_json(table[w][m]);
    j[result.windows[w].name] = window;
  }

  // The trade-off table: the grouped metrics, window by window, group by group.
  std::string tradeoff =
      "window,group,metric,with_mean,baseline_mean,difference_scenario_minus_baseline,"
      "standard_error,pairs,p_value,p_holm,significant_holm_0.05\n";
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t w = 0; w < result.windows.size(); ++w) {
    for (const MetricGroup g :
         {MetricGroup::kStability, MetricGroup::kLiberty, MetricGroup::kCost}) {
      for (std::size_t m = 0; m < specs.size(); ++m) {
        if (specs[m].group != g) continue;
        const MetricComparison& c = table[w][m];
        tradeoff += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{}\n", result.windows[w].name, to_string(g),
            specs[m].name, number(c.with_mean), number(c.baseline_mean), number(c.difference),
            number(c.standard_error), c.pairs, number(c.p_value), number(c.p_holm),
            std::isnan(c.p_holm) ? "" : (c.significant ? "true" : "false"));
        nlohmann::ordered_json row;
        row["window"] = result.windows[w].name;
        row["group"] = to_string(g);
        row["metric"] = specs[m].name;
        row.update(cell_json(c));
        rows.push_back(row);
      }
    }
  }
  nlohmann::ordered_json t;
  t["difference"] = "scenario - baseline";
  t["correction"] = fmt::format(
      "Holm-Bonferroni over every metric of the window with a p-value; significant: adjusted p "
      "<= {}",
      kSignificance);
  t["rows"] = rows;
  j["tradeoff"] = t;

  write_file_atomically(directory / "compare.csv", csv);
  write_file_atomically(directory / "tradeoff.csv", tradeoff);
  write_file_atomically(directory / "compare.json", j.dump(2) + "\n");
}

}  // namespace panopticon
