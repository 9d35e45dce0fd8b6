// Outburst statistics of a scenario over many seeds, for docs/VALIDATION.md.
//   validate_model1 SCENARIO SEEDS TICKS [key=value ...]
// Prints one Markdown table row: outbursts per 1000 ticks (mean and s.d.
// over seeds), waiting time and activation per outburst (mean and s.d. of
// all outbursts pooled over seeds), peak actives (median over seeds).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "panopticon/model.hpp"
#include "panopticon/summary.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: validate_model1 SCENARIO SEEDS TICKS [key=value ...]\n");
    return 2;
  }
  std::vector<panopticon::Override> overrides;
  std::string label;
  for (int i = 4; i < argc; ++i) {
    overrides.push_back(panopticon::parse_override(argv[i]));
    label += std::string(i == 4 ? "" : ", ") + argv[i];
  }
  const panopticon::Scenario base = panopticon::load_scenario(argv[1], overrides);
  const int seeds = std::atoi(argv[2]);
  const long ticks = std::atol(argv[3]);
  std::vector<double> rates;
  std::vector<double> waits;
  std::vector<double> activations;
  std::vector<double> peaks;
  for (int seed = 1; seed <= seeds; ++seed) {
    panopticon::Scenario s = base;
    s.seed = static_cast<std::uint64_t>(seed);
    const auto model = panopticon::make_model(s);
    panopticon::Model& sim = *model;
    std::vector<panopticon::TickCounts> rows{sim.counts()};
    for (long t = 0; t < ticks; ++t) {
      sim.step();
      rows.push_back(sim.counts());
    }
    const auto sum = panopticon::summarize(rows, s.outburst_threshold);
    rates.push_back(1000.0 * static_cast<double>(sum.outbursts.size()) /
                    static_cast<double>(ticks));
    for (std::size_t i = 0; i < sum.outbursts.size(); ++i) {
      activations.push_back(static_cast<double>(sum.outbursts[i].activation));
      if (i > 0) {
        waits.push_back(static_cast<double>(sum.outbursts[i].start - sum.outbursts[i - 1].end - 1));
      }
    }
    peaks.push_back(static_cast<double>(sum.peak_active));
  }
  const auto ms = [](const std::vector<double>& v) {
    const auto m = panopticon::mean_sd(v);
    if (!m.mean) return std::string("-");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f ± %.1f", *m.mean, m.sd ? *m.sd : 0.0);
    return std::string(buf);
  };
  std::sort(peaks.begin(), peaks.end());
  std::printf("| %s | %s | %s | %s (n=%zu) | %s (n=%zu) | %.0f |\n", argv[1],
              label.empty() ? "-" : label.c_str(), ms(rates).c_str(), ms(waits).c_str(),
              waits.size(), ms(activations).c_str(), activations.size(), peaks[peaks.size() / 2]);
  return 0;
}
