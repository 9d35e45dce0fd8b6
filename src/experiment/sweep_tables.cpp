// The tables of a sweep (sweep.hpp): made from the store's rows and the
// design's points, never from what happened to be in memory, so that a
// resumed sweep's tables are an uninterrupted one's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "panopticon/atomic_file.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/sweep.hpp"
#include "panopticon/two_level_design.hpp"
#include "panopticon/version.hpp"
#include "panopticon/world_metrics.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A value as a CSV field: a string without its TOML quotes, quoted for CSV
// when it holds a comma, a quote or a line break.
std::string csv_field(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// The shortest text that reads back to the same double; empty for NaN.
std::string number_field(double v) {
  return std::isnan(v) ? std::string() : fmt::format("{}", v);
}

std::string header_of(const SweepPlan& plan) {
  std::string out;
  for (const auto& f : plan.factors) out += fmt::format(",{}", csv_field(f.key));
  return out;
}

// The defined values of one metric over a point's finished replicates.
std::vector<std::vector<double>> samples_by_point(const SweepResult& result, std::size_t metric) {
  std::vector<std::vector<double>> out(result.points.values.size());
  for (const RunRecordRow& row : result.rows) {
    if (row.status != "ok") continue;
    const double v = row.metrics[metric];
    if (!std::isnan(v)) out[static_cast<std::size_t>(row.point)].push_back(v);
  }
  return out;
}

std::string term_name(const SweepPlan& plan, const std::vector<std::size_t>& term) {
  std::string out;
  for (const std::size_t f : term) {
    out += fmt::format("{}{}", out.empty() ? "" : ":", plan.factors[f].key);
  }
  return out;
}

void write_effects(const SweepPlan& plan, const SweepResult& result,
                   const std::filesystem::path& directory) {
  const TwoLevelDesign& design = *result.points.two_level;
  std::string text = "metric,term,order,effect,standard_error,aliases\n";
  for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
    // Run-major responses; a replicate that failed or is undefined makes
    // the terms NaN, as the estimator documents.
    std::vector<double> responses(design.rows.size() * plan.replicates, kNaN);
    for (const RunRecordRow& row : result.rows) {
      if (row.status != "ok") continue;
      responses[static_cast<std::size_t>(row.point) * plan.replicates +
                static_cast<std::size_t>(row.replicate)] = row.metrics[m];
    }
    for (const FactorialEffect& e : factorial_effects(design, responses, plan.replicates)) {
      std::string aliases;
      for (const auto& a : e.aliases)
        aliases += fmt::format("{}{}", aliases.empty() ? "" : " ", term_name(plan, a));
      text += fmt::format("{},{},{},{},{},{}\n", csv_field(plan.metrics[m].ref.name),
                          csv_field(term_name(plan, e.term)), e.term.size(), number_field(e.effect),
                          number_field(e.standard_error), csv_field(aliases));
    }
  }
  write_file_atomically(directory / "effects.csv", text);
}

// What the tables hold, for readers that label them (the report): the
// plan, the design, the factors and each metric's unit, group and meaning.
void write_sweep_json(const SweepPlan& plan, const SweepResult& result,
                      const std::filesystem::path& directory) {
  nlohmann::ordered_json j;
  j["panopticon_version"] = std::string(kVersion);
  j["plan"] = plan.source;
  if (plan.is_world()) {
    j["world"] = plan.world_path;
  } else {
    j["scenario"] = plan.scenario_path;
  }
  j["design"] = std::string(to_string(plan.design));
  j["replicates"] = plan.replicates;
  j["seed"] = plan.seed;
  j["points"] = result.points.values.size();
  j["runs"] = result.rows.size();
  j["failed"] = result.failed;
  j["series"] = plan.series;
  j["steps"] = plan.base.steps;
  j["ticks_per_year"] = plan.base.params.has("model.ticks_per_year")
                            ? plan.base.params.get_int("model.ticks_per_year")
                            : 0;
  nlohmann::ordered_json factors = nlohmann::ordered_json::array();
  for (const auto& f : plan.factors) {
    nlohmann::ordered_json e;
    e["key"] = f.key;
    e["description"] = f.description;
    e["type"] = type_name(f.type);
    if (f.values.empty()) {
      e["min"] = f.min;
      e["max"] = f.max;
    } else {
      e["values"] = f.values;
    }
    factors.push_back(e);
  }
  j["factors"] = factors;
  nlohmann::ordered_json metrics = nlohmann::ordered_json::array();
  for (const auto& m : plan.metrics) {
    nlohmann::ordered_json e;
    e["name"] = m.ref.name;
    if (plan.is_world()) {
      const WorldMetricSpec& spec = world_metric_specs().at(m.ref.index);
      e["window"] = "world";
      e["metric"] = spec.name;
      e["unit"] = spec.unit;
      e["group"] = "";
      e["meaning"] = spec.meaning;
    } else if (m.ref.window) {
      const MetricSpec& spec = metric_specs()[m.ref.index];
      e["window"] = metric_window_names()[*m.ref.window];
      e["metric"] = spec.name;
      e["unit"] = spec.unit;
      e["group"] = std::string(to_string(spec.group));
      e["meaning"] = spec.meaning;
    } else {
      const SummaryMetricSpec& spec = summary_metric_specs()[m.ref.index];
      e["window"] = "whole_run";
      e["metric"] = spec.name;
      e["unit"] = spec.unit;
      e["group"] = "";
      e["meaning"] = spec.meaning;
    }
    metrics.push_back(e);
  }
  j["metrics"] = metrics;
  write_file_atomically(directory / "sweep.json", j.dump(2) + "\n");
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::vector<double> point_means(const SweepResult& result, std::size_t metric) {
  std::vector<double> out;
  for (const auto& values : samples_by_point(result, metric)) {
    if (values.empty()) {
      out.push_back(kNaN);
      continue;
    }
    double sum = 0.0;
    for (const double v : values) sum += v;
    out.push_back(sum / static_cast<double>(values.size()));
  }
  return out;
}

void write_sweep_tables(const SweepPlan& plan, const SweepResult& result,
                        const std::filesystem::path& directory) {
  std::string metrics_header;
  for (const auto& m : plan.metrics) metrics_header += fmt::format(",{}", csv_field(m.ref.name));

  std::string runs =
      fmt::format("run_id,point,replicate,seed,status{}{}\n", header_of(plan), metrics_header);
  for (const RunRecordRow& row : result.rows) {
    runs +=
        fmt::format("{},{},{},{},{}", row.run_id, row.point, row.replicate, row.seed, row.status);
    for (const auto& v : result.points.values[static_cast<std::size_t>(row.point)]) {
      runs += fmt::format(",{}", csv_field(v));
    }
    for (const double v : row.metrics) runs += fmt::format(",{}", number_field(v));
    runs += "\n";
  }
  write_file_atomically(directory / "runs.csv", runs);

  std::string points = fmt::format("point{},runs_ok", header_of(plan));
  for (const auto& m : plan.metrics) {
    for (const char* stat : {"n", "mean", "se", "median", "p10", "p90"}) {
      points += fmt::format(",{}", csv_field(fmt::format("{}_{}", m.ref.name, stat)));
    }
  }
  points += "\n";
  std::vector<std::vector<std::vector<double>>> samples;
  for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
    samples.push_back(samples_by_point(result, m));
  }
  std::vector<std::size_t> ok(result.points.values.size(), 0);
  for (const RunRecordRow& row : result.rows) {
    if (row.status == "ok") ++ok[static_cast<std::size_t>(row.point)];
  }
  for (std::size_t p = 0; p < result.points.values.size(); ++p) {
    points += fmt::format("{}", p);
    for (const auto& v : result.points.values[p]) points += fmt::format(",{}", csv_field(v));
    points += fmt::format(",{}", ok[p]);
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
      std::vector<double> values = samples[m][p];
      std::sort(values.begin(), values.end());
      const auto n = static_cast<double>(values.size());
      double mean = kNaN;
      double se = kNaN;
      if (!values.empty()) {
        double sum = 0.0;
        for (const double v : values) sum += v;
        mean = sum / n;
      }
      if (values.size() >= 2) {
        double ss = 0.0;
        for (const double v : values) ss += (v - mean) * (v - mean);
        se = std::sqrt(ss / (n - 1.0)) / std::sqrt(n);
      }
      points += fmt::format(",{},{},{},{},{},{}", values.size(), number_field(mean),
                            number_field(se), number_field(quantile_sorted(values, 0.5)),
                            number_field(quantile_sorted(values, 0.1)),
                            number_field(quantile_sorted(values, 0.9)));
    }
    points += "\n";
  }
  write_file_atomically(directory / "points.csv", points);

  if (result.points.two_level) write_effects(plan, result, directory);
  write_sweep_json(plan, result, directory);
}

}  // namespace panopticon
