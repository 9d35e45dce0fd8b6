#include "run_report.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <optional>

#include "panopticon/metrics.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string opt_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : std::string("-");
}

}  // namespace

void print_run_report(const std::string& program, const std::filesystem::path& directory,
                      const RunResult& r, double seconds, const std::string& memory_of) {
  const Scenario& scenario = r.scenario;
  const RunSummary& s = r.summary;
  fmt::print("{} {}: {} ({} rules), seed {}, {} ticks, {}x{} lattice\n", program, kVersion,
             scenario.source, to_string(scenario.rule_set_name), scenario.seed, scenario.steps,
             scenario.width, scenario.height);
  if (r.resumed_from >= 0) fmt::print("  resumed from the checkpoint at tick {}\n", r.resumed_from);
  fmt::print("  citizens {}, cops at the end {}\n", r.citizens, r.final_cops);
  fmt::print(
      "  outbursts (actives > {}): {}; waiting time mean {} sd {}; activation per outburst "
      "mean {} sd {}\n",
      s.outburst_threshold, s.outbursts.size(), opt_text(s.waiting_time.mean),
      opt_text(s.waiting_time.sd), opt_text(s.activation.mean), opt_text(s.activation.sd));
  fmt::print("  peak actives {} at tick {}; final: {} active, {} jailed; {} arrests\n",
             s.peak_active, s.peak_active_tick, s.final_active, s.final_jailed, s.total_arrests);
  if (!r.compliance_metrics.empty()) {
    const auto& specs = metric_specs();
    auto metric = [&](const char* name) {
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].name == name) return r.compliance_metrics[i];
      }
      return 0.0;
    };
    fmt::print(
        "  liberty: expressed dissent {:.3f}, falsification gap {:.3f}, exposure {:.3f}; "
        "wrongful arrests {:.2f} and detentions {:.2f} per 1,000 citizens; confined {:.1f} ticks "
        "per "
        "citizen; blacklisted {:.3f}\n",
        metric("expressed_dissent"), metric("falsification_gap"), metric("exposure"),
        metric("wrongful_arrests_per_1000"), metric("wrongful_detentions_per_1000"),
        metric("confined_ticks_per_citizen"), metric("blacklisted_share"));
  }
  fmt::print("  outputs in {}/ (ticks.csv, summary.json, metadata.json)\n", directory.string());
  fmt::print("  speed {:.1f} M agent-steps/s ({:.2f} s); peak memory {:.1f} MiB{}\n",
             seconds > 0 ? static_cast<double>(r.agent_steps) / seconds / 1e6 : 0.0, seconds,
             peak_memory_mib(), memory_of.empty() ? "" : " " + memory_of);
}

}  // namespace panopticon
