#include <fmt/format.h>

#include <cmath>

#include "panopticon/atomic_file.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/sensitivity.hpp"
#include "panopticon/sensitivity_report.hpp"

namespace panopticon {

SensitivityTable sensitivity_table(const SweepPlan& plan, const SweepResult& result) {
  if (plan.design != DesignKind::kSobol && plan.design != DesignKind::kMorris) {
    throw ScenarioError(SourcePlace{plan.source, 0, 0}, "[sweep] design",
                        std::string(to_string(plan.design)), "has no sensitivity indices",
                        "design = \"sobol\" (first-order and total indices) or \"morris\" "
                        "(elementary effects)");
  }
  const BootstrapOptions bootstrap{plan.resamples, plan.conf_level, plan.design_seed};
  const std::size_t k = plan.factors.size();
  SensitivityTable table;
  table.columns = plan.design == DesignKind::kSobol
                      ? std::vector<std::string>{"S1", "S1_conf", "ST", "ST_conf"}
                      : std::vector<std::string>{"mu", "mu_star", "sigma", "mu_star_conf"};
  for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
    const std::vector<double> y = point_means(result, m);
    std::vector<std::vector<double>> columns;
    if (plan.design == DesignKind::kSobol) {
      const SobolIndices s = sobol_indices(y, k, bootstrap);
      columns = {s.S1, s.S1_conf, s.ST, s.ST_conf};
    } else {
      const MorrisIndices s = morris_indices(result.points.unit, y, k, bootstrap);
      columns = {s.mu, s.mu_star, s.sigma, s.mu_star_conf};
    }
    for (std::size_t f = 0; f < k; ++f) {
      table.metric.push_back(plan.metrics[m].ref.name);
      table.parameter.push_back(plan.factors[f].key);
      std::vector<double> row;
      row.reserve(columns.size());
      for (const auto& c : columns) row.push_back(c[f]);
      table.values.push_back(std::move(row));
    }
  }
  return table;
}

void write_sensitivity(const SensitivityTable& table, const std::filesystem::path& directory) {
  std::string text = "metric,parameter";
  for (const auto& c : table.columns) text += fmt::format(",{}", c);
  text += "\n";
  for (std::size_t r = 0; r < table.values.size(); ++r) {
    text += fmt::format("{},{}", table.metric[r], table.parameter[r]);
    for (const double v : table.values[r]) {
      text += std::isnan(v) ? std::string(",") : fmt::format(",{}", v);
    }
    text += "\n";
  }
  write_file_atomically(directory / "sensitivity.csv", text);
}

}  // namespace panopticon
