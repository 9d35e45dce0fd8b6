#pragma once
// A world's output directory (docs/outputs.md, World): the adoption
// timeline, the offers, every country's years, the regional aggregates,
// and the world against the same world without exports on common random
// numbers, per country and per region, short and long term.
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "panopticon/world_run.hpp"

namespace panopticon {

struct WorldReplicate {
  int replicate = 0;
  WorldResult with;                    // exports on
  std::optional<WorldResult> without;  // the same world without exports
};

// The metrics of a country's year as the tables name them, in their
// order: the world's own (activations_per_1000, offences_per_1000,
// confined_per_1000, spent_usd, debt_usd, openness, ...), then the
// compliance layer's stability, liberty and cost metrics over the year.
std::vector<std::string> country_year_metric_names();
std::vector<double> country_year_metric_values(const CountryYear& y);

// One row of compare.csv's summary: the means over the replicates where
// the metric is defined with and without exports.
struct WorldComparison {
  std::string level;  // "country" or "region"
  std::string name;
  std::string window;  // "short_term" or "long_term"
  std::string metric;
  double with = 0.0;
  double without = 0.0;
  double difference = 0.0;
  double standard_error = 0.0;  // of the paired difference, over replicates
  std::size_t replicates = 0;
};
// The means, paired difference and its standard error of one metric over
// replicates, all over the same pairs: those where the metric is defined
// (not NaN) on both sides, so that with - without is the difference.
// Level, name, window and metric are left empty.
WorldComparison summarise_pairs(std::span<const double> with, std::span<const double> without);
std::vector<WorldComparison> compare_worlds(const WorldSpec& world,
                                            const std::vector<WorldReplicate>& runs);

// Writes adoptions.csv, offers.csv, changes.csv, country_years.csv, regions.csv and,
// with baselines, compare.csv and compare_summary.csv, and world.json;
// each file whole or not at all (atomic_file.hpp).
void write_world_tables(const WorldSpec& world, const std::vector<WorldReplicate>& runs,
                        const std::filesystem::path& directory);

}  // namespace panopticon
