#pragma once
// What a run amounts to: outbursts (maximal runs of ticks with more actives
// than a threshold), the waiting times between them and the activation in
// each, peak actives and the final jail population.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "panopticon/model.hpp"
#include "panopticon/results_table.hpp"

namespace panopticon {

struct Outburst {
  std::int64_t start = 0;        // first tick above the threshold
  std::int64_t end = 0;          // last tick above the threshold
  std::uint64_t activation = 0;  // sum of actives over its ticks
  std::uint64_t peak = 0;
};

struct MeanSd {
  std::optional<double> mean;  // empty when there is no sample
  std::optional<double> sd;    // sample standard deviation; empty below 2 samples
  std::size_t n = 0;
};

MeanSd mean_sd(std::span<const double> values);

struct RunSummary {
  std::int64_t ticks = 0;
  std::int64_t outburst_threshold = 0;
  std::vector<Outburst> outbursts;
  MeanSd waiting_time;  // ticks from the end of one outburst to the start of the next
  MeanSd activation;    // actives summed over each outburst's ticks
  MeanSd duration;      // ticks per outburst
  std::uint64_t peak_active = 0;
  std::int64_t peak_active_tick = 0;
  std::uint64_t final_jailed = 0;
  std::uint64_t final_active = 0;
  std::uint64_t total_arrests = 0;
};

// From the per-tick counts of one run (tick 0 included or not).
RunSummary summarize(std::span<const TickCounts> rows, std::int64_t outburst_threshold);
// From a model's results table (its active, jailed and arrests columns).
RunSummary summarize(const ResultsTable& results, std::int64_t outburst_threshold);

}  // namespace panopticon
