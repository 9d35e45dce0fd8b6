#pragma once
// The numbers a sweep collects from a world's run ([sweep] world = ...,
// docs/experiments.md, World plans): who imported by the end, how offers
// were taken by regime and unrest, and the world's stability over its long
// term, each one number per run.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/world.hpp"
#include "panopticon/world_run.hpp"

namespace panopticon {

struct WorldMetricSpec {
  std::string name;
  std::string unit;
  std::string meaning;
};
const std::vector<WorldMetricSpec>& world_metric_specs();
// Its index in world_metric_specs(), or nothing.
std::optional<std::size_t> find_world_metric(std::string_view name);
// What a plan may name instead: the nearest names, then every one.
std::string world_metric_suggestion(std::string_view name);

// The metrics of a world's run with exports, in world_metric_specs()'s
// order; NaN where undefined (no offer in a cell, no importer).
std::vector<double> world_metrics(const WorldSpec& world, const WorldResult& result);

}  // namespace panopticon
