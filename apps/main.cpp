// panopticon: the command-line program.
//   run SCENARIO [--steps N] [--seed S] [--out DIR] [--set key=value ...]
//   validate SCENARIO [--set key=value ...]
//   params [--markdown]
// Exit status: 0 success, 2 bad input (scenario, option, file), 1 other failure.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "panopticon/parameter_docs.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/simulation.hpp"
#include "panopticon/version.hpp"
#include "progress_bar.hpp"

namespace {

using panopticon::Override;

constexpr int kBadInput = 2;

std::vector<Override> collect_overrides(const std::vector<std::string>& sets,
                                        std::optional<std::int64_t> steps,
                                        std::optional<std::int64_t> seed) {
  std::vector<Override> out;
  for (const auto& s : sets) out.push_back(panopticon::parse_override(s));
  if (steps) out.push_back({"model.steps", std::to_string(*steps)});
  if (seed) out.push_back({"model.seed", std::to_string(*seed)});
  return out;
}

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string opt_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : std::string("-");
}

int run_command(const std::string& path, const std::vector<Override>& overrides,
                const std::string& out_dir) {
  const panopticon::Scenario scenario = panopticon::load_scenario(path, overrides);
  const std::filesystem::path directory =
      out_dir.empty() ? std::filesystem::path("output") / std::filesystem::path(path).stem()
                      : std::filesystem::path(out_dir);
  panopticon::Simulation sim(scenario);
  std::optional<panopticon::RunOutput> opened;
  try {
    opened.emplace(directory, scenario, overrides);
  } catch (const std::exception& e) {
    // An output directory that cannot be made or written is bad input too.
    throw panopticon::ScenarioError(panopticon::SourcePlace{"--out " + directory.string(), 0, 0}, "",
                                    "", fmt::format("cannot write the outputs: {}", e.what()),
                                    "a directory that can be created and written");
  }
  panopticon::RunOutput& output = *opened;
  output.record(sim.counts());
  panopticon::ProgressBar bar(scenario.steps);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t agent_steps = 0;
  for (std::int64_t t = 0; t < scenario.steps; ++t) {
    sim.step();
    agent_steps += sim.citizen_count() + sim.counts().cops;
    output.record(sim.counts());
    bar.update(t + 1);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const panopticon::RunSummary s = output.finish();
  fmt::print("panopticon {}: {} ({} rules), seed {}, {} ticks, {}x{} lattice\n",
             panopticon::kVersion, path, panopticon::to_string(scenario.rule_set_name), scenario.seed,
             scenario.steps, scenario.width, scenario.height);
  fmt::print("  citizens {}, cops at the end {}\n", sim.citizen_count(), sim.counts().cops);
  fmt::print("  outbursts (actives > {}): {}; waiting time mean {} sd {}; activation per outburst "
             "mean {} sd {}\n",
             s.outburst_threshold, s.outbursts.size(), opt_text(s.waiting_time.mean),
             opt_text(s.waiting_time.sd), opt_text(s.activation.mean), opt_text(s.activation.sd));
  fmt::print("  peak actives {} at tick {}; final: {} active, {} jailed; {} arrests\n",
             s.peak_active, s.peak_active_tick, s.final_active, s.final_jailed, s.total_arrests);
  fmt::print("  outputs in {}/ (ticks.csv, summary.json, metadata.json)\n", directory.string());
  fmt::print("  speed {:.1f} M agent-steps/s ({:.2f} s); peak memory {:.1f} MiB\n",
             seconds > 0 ? static_cast<double>(agent_steps) / seconds / 1e6 : 0.0, seconds,
             peak_memory_mib());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Panopticon: an agent-based simulator of social compliance systems"};
  app.set_version_flag("--version", std::string(panopticon::kVersion));
  app.require_subcommand(1);

  std::string scenario_path;
  std::string out_dir;
  std::vector<std::string> sets;
  std::optional<std::int64_t> steps;
  std::optional<std::int64_t> seed;
  bool markdown = false;

  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  run->add_option("--steps", steps, "number of ticks (overrides model.steps)");
  run->add_option("--seed", seed, "random seed (overrides model.seed)");
  run->add_option("--out", out_dir, "output directory (default: output/<scenario name>)");
  run->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");

  CLI::App* validate = app.add_subcommand("validate", "check a scenario and print it resolved");
  validate->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  validate->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");

  CLI::App* params = app.add_subcommand("params", "list every parameter");
  params->add_flag("--markdown", markdown, "print docs/parameters.md");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kBadInput;
  }

  try {
    if (*run) return run_command(scenario_path, collect_overrides(sets, steps, seed), out_dir);
    if (*validate) {
      const auto scenario = panopticon::load_scenario(scenario_path, collect_overrides(sets, {}, {}));
      fmt::print("# {}: valid\n{}", scenario_path, panopticon::to_toml(scenario));
      return 0;
    }
    if (*params) {
      fmt::print("{}", markdown ? panopticon::parameters_markdown() : panopticon::parameters_text());
      return 0;
    }
  } catch (const panopticon::ScenarioError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}
