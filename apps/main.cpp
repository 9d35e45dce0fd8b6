// panopticon: the command-line program.
//   run SCENARIO [--steps N] [--seed S] [--out DIR] [--set key=value ...]
//   validate SCENARIO [--set key=value ...]
//   run ... --checkpoint-every N [--resume]
//   resume DIR [--checkpoint-every N]
//   params [--markdown]
//   outputs --markdown
//   compare SCENARIO --without MECHANISM [--replicates N] [--out DIR] [--set ...]
// Exit status: 0 success, 2 bad input (scenario, option, file), 1 other failure.
#include <sys/resource.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "panopticon/counterfactual.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/output_docs.hpp"
#include "panopticon/parameter_docs.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/version.hpp"
#include "progress_bar.hpp"

namespace {

using panopticon::Override;

constexpr int kBadInput = 2;

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string opt_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : std::string("-");
}

void print_report(const panopticon::Scenario& scenario, const std::filesystem::path& directory,
                  const panopticon::RunResult& r, double seconds) {
  const panopticon::RunSummary& s = r.summary;
  fmt::print("panopticon {}: {} ({} rules), seed {}, {} ticks, {}x{} lattice\n",
             panopticon::kVersion, scenario.source, panopticon::to_string(scenario.rule_set_name),
             scenario.seed, scenario.steps, scenario.width, scenario.height);
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
    const auto& specs = panopticon::metric_specs();
    auto metric = [&](const char* name) {
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].name == name) return r.compliance_metrics[i];
      }
      return 0.0;
    };
    fmt::print(
        "  liberty: expressed dissent {:.3f}, falsification gap {:.3f}, exposure {:.3f}; "
        "wrongful arrests {:.2f} and detentions {:.2f} per 1,000; confined {:.1f} ticks per "
        "citizen; blacklisted {:.3f}\n",
        metric("expressed_dissent"), metric("falsification_gap"), metric("exposure"),
        metric("wrongful_arrests_per_1000"), metric("wrongful_detentions_per_1000"),
        metric("confined_ticks_per_citizen"), metric("blacklisted_share"));
  }
  fmt::print("  outputs in {}/ (ticks.csv, summary.json, metadata.json)\n", directory.string());
  fmt::print("  speed {:.1f} M agent-steps/s ({:.2f} s); peak memory {:.1f} MiB\n",
             seconds > 0 ? static_cast<double>(r.agent_steps) / seconds / 1e6 : 0.0, seconds,
             peak_memory_mib());
}

// The headline differences of a counterfactual pair, mean +- standard error.
void print_compare(const panopticon::CompareResult& r, const std::filesystem::path& directory,
                   double seconds) {
  fmt::print("panopticon {}: {} with and without {}, {} paired replicates, {} ticks ({:.1f} s)\n",
             panopticon::kVersion, r.scenario.source, r.mechanism, r.runs.size(), r.scenario.steps,
             seconds);
  const auto& specs = panopticon::metric_specs();
  const std::vector<std::string> headline = {"mean_active",
                                             "outbursts",
                                             "expressed_dissent",
                                             "falsification_gap",
                                             "wrongful_detentions_per_1000",
                                             "confined_ticks_per_citizen",
                                             "mean_legitimacy"};
  for (std::size_t w = 0; w < r.windows.size(); ++w) {
    fmt::print("  {} (ticks {} to {}), with - without:\n", r.windows[w].name, r.windows[w].first,
               r.windows[w].last);
    for (std::size_t m = 0; m < specs.size(); ++m) {
      if (std::find(headline.begin(), headline.end(), specs[m].name) == headline.end()) continue;
      std::vector<double> d;
      for (const auto& run : r.runs) {
        const double v = panopticon::paired_difference(run.with[w][m], run.without[w][m]);
        if (!std::isnan(v)) d.push_back(v);
      }
      const panopticon::MeanSd s = panopticon::mean_sd(d);
      const double se = s.sd ? *s.sd / std::sqrt(static_cast<double>(s.n)) : 0.0;
      fmt::print("    {:<30} {:+.4g} +- {:.2g}\n", specs[m].name, s.mean.value_or(0.0), se);
    }
  }
  fmt::print("  every metric in {}/ (compare.csv, compare.json)\n", directory.string());
}

// Runs (or resumes) with a progress bar and prints the report.
template <typename Start>
int drive_and_report(panopticon::RunOptions options, Start start) {
  panopticon::ProgressBar bar;
  options.on_tick = [&bar](const panopticon::Model& sim) {
    bar.update(sim.tick(), sim.scenario().steps);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const panopticon::RunResult result = start(options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bar.clear();
  print_report(result.scenario, options.directory, result, seconds);
  return 0;
}

int run_main(int argc, char** argv) {
  CLI::App app{"Panopticon: an agent-based simulator of social compliance systems"};
  app.set_version_flag("--version", std::string(panopticon::kVersion));
  app.require_subcommand(1);

  std::string scenario_path;
  std::string out_dir;
  std::vector<std::string> sets;
  std::optional<std::int64_t> steps;
  std::optional<std::int64_t> seed;
  std::int64_t checkpoint_every = 0;
  bool resume_run = false;
  bool markdown = false;
  std::string resume_dir;

  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  run->add_option("--steps", steps, "number of ticks (overrides model.steps)");
  run->add_option("--seed", seed, "random seed (overrides model.seed)");
  run->add_option("--out", out_dir, "output directory (default: output/<scenario name>)");
  run->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");
  run->add_option("--checkpoint-every", checkpoint_every,
                  "write a checkpoint every N ticks into the output directory (0: none)")
      ->check(CLI::NonNegativeNumber);
  run->add_flag("--resume", resume_run,
                "continue from the checkpoint in the output directory, which must belong to this "
                "scenario");

  CLI::App* resume = app.add_subcommand("resume", "continue a killed run from its last checkpoint");
  resume->add_option("dir", resume_dir, "the output directory of the run")->required();
  resume
      ->add_option("--checkpoint-every", checkpoint_every,
                   "write a checkpoint every N ticks from here on (0: none)")
      ->check(CLI::NonNegativeNumber);

  CLI::App* validate = app.add_subcommand("validate", "check a scenario and print it resolved");
  validate->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  validate->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");

  CLI::App* params = app.add_subcommand("params", "list every parameter");
  params->add_flag("--markdown", markdown, "print docs/parameters.md");
  std::string mechanism_doc;
  params->add_option("--mechanism", mechanism_doc,
                     "with --markdown: the generated part of docs/mechanisms/NAME.md");
  bool mechanism_index = false;
  params->add_flag("--mechanisms", mechanism_index,
                   "the mechanisms, one name a line, in the order they act; with --markdown "
                   "docs/mechanisms/README.md");

  CLI::App* outputs = app.add_subcommand("outputs", "describe every output file and column");
  outputs->add_flag("--markdown", markdown, "print docs/outputs.md");

  std::string without;
  int replicates = 10;
  CLI::App* compare = app.add_subcommand(
      "compare", "run a scenario with and without a mechanism on the same random numbers");
  compare->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  compare->add_option("--without", without, "the mechanism to switch off")->required();
  compare->add_option("--replicates", replicates, "number of paired runs (seeds model.seed + r)")
      ->check(CLI::Range(1, 100000));
  compare->add_option("--steps", steps, "number of ticks (overrides model.steps)");
  compare->add_option("--seed", seed, "first seed (overrides model.seed)");
  compare->add_option("--out", out_dir,
                      "output directory (default: output/compare-<scenario>-without-<mechanism>)");
  compare->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kBadInput;
  }

  try {
    const panopticon::FaultInjection fault = panopticon::fault_injection_from_environment();
    if (*run) {
      const auto overrides = panopticon::collect_overrides(sets, steps, seed);
      const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
      panopticon::RunOptions options;
      options.directory = panopticon::output_directory(out_dir, scenario_path);
      options.checkpoint_every = checkpoint_every;
      options.fault = fault;
      if (!resume_run) panopticon::check_writable(options.directory);
      return drive_and_report(options, [&](const panopticon::RunOptions& o) {
        return resume_run ? panopticon::resume(o, scenario)
                          : panopticon::run_fresh(scenario, overrides, o);
      });
    }
    if (*resume) {
      panopticon::RunOptions options;
      options.directory = resume_dir;
      options.checkpoint_every = checkpoint_every;
      options.fault = fault;
      return drive_and_report(
          options, [](const panopticon::RunOptions& o) { return panopticon::resume(o); });
    }
    if (*validate) {
      const auto scenario =
          panopticon::load_scenario(scenario_path, panopticon::collect_overrides(sets, {}, {}));
      fmt::print("# {}: valid\n{}", scenario_path, panopticon::to_toml(scenario));
      return 0;
    }
    if (*outputs) {
      fmt::print("{}", panopticon::outputs_markdown());
      return 0;
    }
    if (*compare) {
      const auto overrides = panopticon::collect_overrides(sets, steps, seed);
      const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
      const std::filesystem::path directory =
          out_dir.empty()
              ? std::filesystem::path("output") /
                    fmt::format("compare-{}-without-{}",
                                std::filesystem::path(scenario_path).stem().string(), without)
              : std::filesystem::path(out_dir);
      panopticon::CompareOptions options{without, replicates};
      if (panopticon::find_mechanism(without) != nullptr) panopticon::check_writable(directory);
      const auto t0 = std::chrono::steady_clock::now();
      const panopticon::CompareResult result = panopticon::run_compare(scenario, options);
      panopticon::write_compare(result, directory);
      print_compare(result, directory,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      return 0;
    }
    if (*params && mechanism_index) {
      if (markdown) {
        fmt::print("{}", panopticon::mechanisms_markdown());
      } else {
        for (const auto& m : panopticon::mechanism_registry()) fmt::print("{}\n", m.name);
      }
      return 0;
    }
    if (*params && !mechanism_doc.empty()) {
      const std::string text = panopticon::mechanism_markdown(mechanism_doc);
      if (text.empty()) {
        throw panopticon::ScenarioError(
            panopticon::SourcePlace{"--mechanism " + mechanism_doc, 0, 0}, "", "",
            "unknown mechanism", panopticon::mechanism_suggestion(mechanism_doc));
      }
      fmt::print("{}", text);
      return 0;
    }
    if (*params) {
      fmt::print("{}",
                 markdown ? panopticon::parameters_markdown() : panopticon::parameters_text());
      return 0;
    }
  } catch (const panopticon::CheckpointError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const panopticon::ScenarioError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::exception& e) {  // setting up the command line itself failed
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (...) {
    return 1;
  }
}
