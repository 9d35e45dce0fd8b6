#include "panopticon/summary.hpp"

#include <cmath>

namespace panopticon {

MeanSd mean_sd(std::span<const double> values) {
  MeanSd out;
  out.n = values.size();
  if (values.empty()) return out;
  double sum = 0.0;
  for (const double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  out.mean = mean;
  if (values.size() >= 2) {
    double ss = 0.0;
    for (const double v : values) ss += (v - mean) * (v - mean);
    out.sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
  }
  return out;
}

RunSummary summarize(const ResultsTable& results, std::int64_t outburst_threshold) {
  const ResultSlot active = results.slot("active");
  const ResultSlot jailed = results.slot("jailed");
  const ResultSlot arrests = results.slot("arrests");
  std::vector<TickCounts> rows(results.rows());
  for (std::size_t t = 0; t < rows.size(); ++t) {
    rows[t].tick = static_cast<std::int64_t>(t);
    rows[t].active = static_cast<std::uint64_t>(results.at(t, active));
    rows[t].jailed = static_cast<std::uint64_t>(results.at(t, jailed));
    rows[t].arrests = static_cast<std::uint64_t>(results.at(t, arrests));
  }
  return summarize(rows, outburst_threshold);
}

RunSummary summarize(std::span<const TickCounts> rows, std::int64_t outburst_threshold) {
  RunSummary s;
  s.outburst_threshold = outburst_threshold;
  const auto threshold = static_cast<std::uint64_t>(outburst_threshold);
  std::optional<Outburst> current;
  for (const TickCounts& r : rows) {
    s.ticks = r.tick;
    s.total_arrests += r.arrests;
    if (r.active > s.peak_active) {
      s.peak_active = r.active;
      s.peak_active_tick = r.tick;
    }
    if (r.active > threshold) {
      if (!current) current = Outburst{.start = r.tick, .end = r.tick};
      current->end = r.tick;
      current->activation += r.active;
      current->peak = std::max(current->peak, r.active);
    } else if (current) {
      s.outbursts.push_back(*current);
      current.reset();
    }
  }
  if (current) s.outbursts.push_back(*current);
  if (!rows.empty()) {
    s.final_jailed = rows.back().jailed;
    s.final_active = rows.back().active;
  }
  std::vector<double> waits;
  std::vector<double> activations;
  std::vector<double> durations;
  for (std::size_t i = 0; i < s.outbursts.size(); ++i) {
    const Outburst& o = s.outbursts[i];
    activations.push_back(static_cast<double>(o.activation));
    durations.push_back(static_cast<double>(o.end - o.start + 1));
    if (i > 0) waits.push_back(static_cast<double>(o.start - s.outbursts[i - 1].end - 1));
  }
  s.waiting_time = mean_sd(waits);
  s.activation = mean_sd(activations);
  s.duration = mean_sd(durations);
  return s;
}

}  // namespace panopticon
