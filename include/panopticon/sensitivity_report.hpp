#pragma once
// `panopticon sensitivity`: the indices of a sobol or morris sweep, for
// each metric and varied parameter, from the mean of each point over its
// replicates (the model is stochastic; the replicates average its noise
// out of the response the indices decompose). sensitivity.csv has SALib's
// column names: metric, parameter, then S1, S1_conf, ST, ST_conf (sobol)
// or mu, mu_star, sigma, mu_star_conf (morris).
#include <filesystem>
#include <string>
#include <vector>

#include "panopticon/sweep.hpp"

namespace panopticon {

struct SensitivityTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> values;  // [row][column after metric and parameter]
  std::vector<std::string> metric;          // per row
  std::vector<std::string> parameter;       // per row
};

// Throws ScenarioError naming the plan's design when it is neither sobol
// nor morris.
SensitivityTable sensitivity_table(const SweepPlan& plan, const SweepResult& result);
void write_sensitivity(const SensitivityTable& table, const std::filesystem::path& directory);

}  // namespace panopticon
