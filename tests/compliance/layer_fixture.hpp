#pragma once
// Scenarios and helpers shared by the tests of the compliance layer and its
// mechanisms.
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "panopticon/compliance.hpp"
#include "panopticon/model.hpp"
#include "panopticon/results_table.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon::testing {

// Epstein's 40x40 Run 2 lattice with `extra` TOML (mechanism tables).
inline Scenario layer_scenario(const std::string& extra, std::uint64_t seed = 1,
                               std::int64_t steps = 200, const std::string& model_extra = "") {
  return parse_scenario("[model]\nruleset = \"netlogo\"\nsteps = " + std::to_string(steps) +
                            "\nseed = " + std::to_string(seed) + "\n" + model_extra +
                            "[lattice]\nwidth = 40\nheight = 40\n" + extra,
                        "layer.toml");
}

// A column of the layer's results table by name.
inline std::size_t column(const std::string& name) {
  const auto columns = Compliance::columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  throw std::logic_error("no column " + name);
}

// The last row of a model's results.
inline std::span<const double> last_row(const Model& m) {
  return m.results().last_row();
}

// Runs to the end, calling `each` after every tick.
inline std::unique_ptr<Model> run_model(const Scenario& s,
                                        const std::function<void(const Model&)>& each = {}) {
  auto model = make_model(s);
  while (model->tick() < s.steps) {
    model->step();
    if (each) each(*model);
  }
  return model;
}

// The mean of a column over ticks 1..end.
inline double column_mean(const Model& m, const std::string& name) {
  const ResultsTable& results = m.results();
  const ResultSlot c = results.slot(name);
  double total = 0.0;
  for (std::size_t t = 1; t < results.rows(); ++t) total += results.at(t, c);
  return total / static_cast<double>(results.rows() - 1);
}

// Mean and standard error of paired differences.
struct Paired {
  double mean = 0.0;
  double se = 0.0;
};
inline Paired paired(const std::vector<double>& d) {
  Paired p;
  for (const double v : d) p.mean += v;
  p.mean /= static_cast<double>(d.size());
  double ss = 0.0;
  for (const double v : d) ss += (v - p.mean) * (v - p.mean);
  p.se = std::sqrt(ss / static_cast<double>(d.size() - 1) / static_cast<double>(d.size()));
  return p;
}

}  // namespace panopticon::testing
