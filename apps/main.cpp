// panopticon: the command-line program.
//   run SCENARIO [--steps N] [--seed S] [--out DIR] [--set key=value ...]
//   validate SCENARIO [--set key=value ...]
//   run ... --checkpoint-every N [--resume | --force]
//   resume DIR [--checkpoint-every N]
//   params [--markdown]
//   outputs --markdown
//   sweep PLAN [--out DIR] [--workers N] [--force] [--check]
//   sensitivity PLAN [--out DIR] [--workers N] [--force] [--check]
//   report DIR [--out FILE]
//   serve SCENARIO|WORLD [--port P] [--set KEY=VALUE] [--seed N] [--threads N]
//   world WORLD [--out DIR] [--replicates N] [--threads N] [--no-baseline] [--force] [--check]
//   compare SCENARIO (--without all|MECHANISM[,MECHANISM...] | --against OTHER)
//           [--replicates N] [--steps N] [--seed S] [--out DIR] [--set ...]
// Exit status: 0 success, 2 bad input (scenario, option, file, a full disk; and
// bare `panopticon`, which lists the subcommands), 1 other failure.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>

#include "new_directory.hpp"
#include "panopticon/atomic_file.hpp"
#include "panopticon/counterfactual.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/memory_estimate.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/output_docs.hpp"
#include "panopticon/output_lock.hpp"
#include "panopticon/parameter_docs.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/result_store.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/version.hpp"
#include "progress_bar.hpp"
#include "report_command.hpp"
#include "run_report.hpp"
#include "serve_command.hpp"
#include "sweep_command.hpp"
#include "world_command.hpp"

namespace {

using panopticon::Override;

constexpr int kBadInput = 2;

// What a run may allocate (memory_estimate.hpp); none under the test hook
// that lets a run past the estimate.
std::optional<panopticon::MemoryLimit> memory_limit(const panopticon::FaultInjection& fault) {
  if (fault.skip_memory_check) return std::nullopt;
  return panopticon::available_memory();
}

std::string stat_text(double v, const char* format) {
  return std::isnan(v) ? std::string("-") : fmt::format(fmt::runtime(format), v);
}

// The trade-off table of a counterfactual pair: the stability, liberty and
// cost metrics of each window, paired over the replicates.
void print_compare(const panopticon::CompareResult& r, const std::filesystem::path& directory,
                   double seconds) {
  fmt::print(
      "panopticon {}: {} against {}, {} paired replicate{} ({}), {} ticks "
      "({:.1f} s)\n",
      panopticon::kVersion, r.scenario.source,
      r.baseline.against ? r.baseline.against->source
                         : "itself " + panopticon::baseline_label(r.baseline),
      r.runs.size(), r.runs.size() == 1 ? "" : "s",
      r.runs.size() == 1
          ? fmt::format("seed {}", r.scenario.seed)
          : fmt::format("seeds {} to {}", r.scenario.seed, r.scenario.seed + r.runs.size() - 1),
      r.scenario.steps, seconds);
  fmt::print(
      "  trade-off, difference = scenario - baseline: means over the pairs where a metric is "
      "defined on both sides;\n"
      "  s.e.: the standard error of the mean difference over the pairs (the +/- of the "
      "difference);\n"
      "  p: two-sided paired t-test; Holm: Holm-Bonferroni adjusted p over every metric of the "
      "window with a p-value;\n"
      "  * significant at {} after Holm\n",
      panopticon::kSignificance);
  const auto& specs = panopticon::metric_specs();
  const auto table = panopticon::compare_metrics(r);
  for (std::size_t w = 0; w < r.windows.size(); ++w) {
    const auto family = static_cast<std::size_t>(std::count_if(
        table[w].begin(), table[w].end(),
        [](const panopticon::MetricComparison& c) { return !std::isnan(c.p_value); }));
    fmt::print("  {} (ticks {} to {}; Holm over {} metrics)\n", r.windows[w].name,
               r.windows[w].first, r.windows[w].last, family);
    fmt::print("    {:<10} {:<38} {:>11} {:>11} {:>11} {:>9} {:>5} {:>8} {:>8}\n", "group",
               "metric", "scenario", "baseline", "difference", "s.e.", "pairs", "p", "Holm");
    for (const auto g : {panopticon::MetricGroup::kStability, panopticon::MetricGroup::kLiberty,
                         panopticon::MetricGroup::kCost}) {
      for (std::size_t m = 0; m < specs.size(); ++m) {
        if (specs[m].group != g) continue;
        const panopticon::MetricComparison& c = table[w][m];
        fmt::print("    {:<10} {:<38} {:>11} {:>11} {:>11} {:>9} {:>5} {:>8} {:>8}{}\n",
                   panopticon::to_string(g), specs[m].name, stat_text(c.with_mean, "{:.5g}"),
                   stat_text(c.baseline_mean, "{:.5g}"), stat_text(c.difference, "{:+.4g}"),
                   stat_text(c.standard_error, "{:.3g}"), c.pairs, stat_text(c.p_value, "{:.2g}"),
                   stat_text(c.p_holm, "{:.2g}"), c.significant ? " *" : "");
      }
    }
  }
  fmt::print("  every metric in {}/ (compare.csv, compare.json, tradeoff.csv)\n",
             directory.string());
}

// A disk that filled up under a run (or a file size limit, ulimit -f): bad
// input of a kind, exit status 2 naming the directory. The half-written
// output is removed, unless a checkpoint there can still resume it (resume
// cuts it back to the checkpoint's length). Called with the directory's lock held.
template <typename Write>
auto unless_disk_full(const std::filesystem::path& directory, Write write) {
  try {
    return write();
  } catch (const panopticon::DiskFullError& e) {
    std::error_code ec;
    std::string kept = "; nothing half-written is left";
    if (std::filesystem::exists(directory / panopticon::kCheckpointFile, ec)) {
      kept = fmt::format("; {} and {} are kept for `panopticon resume {}` once there is space",
                         panopticon::kCheckpointFile, panopticon::kTicksPartialFile,
                         directory.string());
    } else {
      std::filesystem::remove(directory / panopticon::kTicksPartialFile, ec);
    }
    throw panopticon::ScenarioError(
        panopticon::SourcePlace{directory.string(), 0, 0}, "", "",
        fmt::format("the disk is full ({}){}", e.what(), kept),
        "free space on the disk that holds it (or a larger ulimit -f), or another --out");
  }
}

// compare --without a mechanism that the scenario does not switch on
// changes nothing for it: said on stderr, and the comparison still runs.
void warn_mechanisms_off(const panopticon::Scenario& scenario, const std::string& option,
                         const std::vector<std::string>& names) {
  std::vector<std::string> off;
  for (const auto& n : names) {
    if (!scenario.params.get_bool(n + ".enabled")) off.push_back(n);
  }
  // --without all names every mechanism: only none being on is worth a word.
  const bool all = ("," + option + ",").find(",all,") != std::string::npos;
  if (off.empty() || (all && off.size() < names.size())) return;
  std::string list;
  for (const auto& n : off) list += (list.empty() ? "" : ", ") + n;
  if (all) {
    fmt::print(stderr,
               "warning: --without {}: no mechanism is enabled in {}, so the baseline is the "
               "scenario itself\n",
               option, scenario.source);
    return;
  }
  fmt::print(stderr,
             "warning: --without {}: {} {} not enabled in {}, so switching {} off changes "
             "nothing\n",
             option, list, off.size() == 1 ? "is" : "are", scenario.source,
             off.size() == 1 ? "it" : "them");
}

// The short-term and long-term windows of compare share ticks when
// outputs.short_window + outputs.long_window exceed the ticks after
// adoption: their differences are then not separate evidence. Said on stderr.
void warn_windows_overlap(const panopticon::Scenario& scenario) {
  const auto windows = panopticon::summary_windows(scenario, scenario.steps);
  const auto find = [&windows](std::string_view name) {
    return *std::ranges::find_if(windows, [name](const auto& w) { return w.name == name; });
  };
  const panopticon::TickWindow short_term = find("short_term");
  const panopticon::TickWindow long_term = find("long_term");
  if (short_term.last < long_term.first) return;
  fmt::print(stderr,
             "warning: the short_term window (ticks {} to {}) and the long_term window (ticks {} "
             "to {}) overlap, so they share ticks; for separate windows: more --steps, or a "
             "smaller outputs.short_window ({}) or outputs.long_window ({})\n",
             short_term.first, short_term.last, long_term.first, long_term.last,
             scenario.short_window, scenario.long_window);
}

// Runs (or resumes) with a progress bar and prints the report.
template <typename Start>
int drive_and_report(panopticon::RunOptions options, Start start) {
  panopticon::ProgressBar bar;
  options.on_tick = [&bar](const panopticon::Model& sim) {
    bar.update(sim.tick(), sim.scenario().steps);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const panopticon::RunResult result =
      unless_disk_full(options.directory, [&] { return start(options); });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bar.clear();
  panopticon::print_run_report("panopticon", options.directory, result, seconds);
  return 0;
}

int run_main(int argc, char** argv) {
  CLI::App app{"Panopticon: an agent-based simulator of social compliance systems", "panopticon"};
  app.set_version_flag("--version", std::string(panopticon::kVersion));
  app.require_subcommand(1);

  std::string scenario_path;
  std::string out_dir;
  std::vector<std::string> sets;
  // Numbers as typed, checked by the program so that messages quote them
  // (option_number.hpp).
  std::optional<std::string> steps;
  std::optional<std::string> seed;
  std::optional<std::string> checkpoint_every;
  bool resume_run = false;
  bool force = false;
  bool markdown = false;
  std::string resume_dir;

  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  run->add_option("--steps", steps, "number of ticks, 0 to 1000000000 (overrides model.steps)")
      ->type_name("N");
  run->add_option("--seed", seed, "random seed, 0 to 9000000000000000000 (overrides model.seed)")
      ->type_name("S");
  run->add_option("--out", out_dir, "output directory (default: output/<scenario name>)");
  run->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");
  run->add_option("--checkpoint-every", checkpoint_every,
                  "write a checkpoint every N ticks into the output directory (0: none; at most "
                  "1000000000)")
      ->type_name("N");
  CLI::Option* resume_flag =
      run->add_flag("--resume", resume_run,
                    "continue from the checkpoint in the output directory, which must belong to "
                    "this scenario");
  run->add_flag("--force", force,
                "start afresh even where the output directory holds the checkpoint of an "
                "unfinished run (it is deleted); without it such a run is refused")
      ->excludes(resume_flag);

  CLI::App* resume = app.add_subcommand("resume", "continue a killed run from its last checkpoint");
  resume->add_option("dir", resume_dir, "the output directory of the run")->required();
  resume
      ->add_option("--checkpoint-every", checkpoint_every,
                   "write a checkpoint every N ticks from here on (0: none; default: the interval "
                   "the run was started with)")
      ->type_name("N");

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
  std::string against;
  std::string replicates = "10";
  CLI::App* compare =
      app.add_subcommand("compare", "run a scenario against a baseline on the same random numbers");
  compare->add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  std::string mechanism_names;
  for (const auto& m : panopticon::mechanism_registry()) {
    mechanism_names += (mechanism_names.empty() ? "" : ", ") + m.name;
  }
  CLI::Option* without_option = compare->add_option(
      "--without", without,
      "the baseline: the scenario with these mechanisms off: all, or a comma list of " +
          mechanism_names);
  CLI::Option* against_option = compare->add_option(
      "--against", against,
      "the baseline: another scenario on the same lattice with the same population");
  compare
      ->add_option("--replicates", replicates,
                   "number of paired runs, 1 to 100000 (seeds model.seed + r)")
      ->type_name("N")
      ->capture_default_str();
  compare->add_option("--steps", steps, "number of ticks (default: the scenario's model.steps)")
      ->type_name("N");
  compare
      ->add_option("--seed", seed,
                   "first seed, 0 to 9000000000000000000 (default: the scenario's model.seed)")
      ->type_name("S");
  compare->add_option("--out", out_dir,
                      "output directory (default: output/compare-<scenario>-without-<mechanisms> "
                      "or output/compare-<scenario>-against-<other>)");
  compare->add_option("--set", sets, "override a parameter: section.key=value (repeatable)");

  panopticon::SweepCommand sweep_command;
  panopticon::add_sweep_commands(app, sweep_command);
  panopticon::ReportCommand report_command;
  panopticon::add_report_command(app, report_command);
  panopticon::WorldCommand world_command;
  panopticon::add_world_command(app, world_command);
  panopticon::ServeCommand serve_command;
  panopticon::add_serve_command(app, serve_command);

  // Bare `panopticon`: what it can do, on stdout; exit status 2, as nothing
  // was done.
  if (argc == 1) {
    fmt::print("{}", app.help());
    return kBadInput;
  }
  // A first word that is no subcommand (a typo: rn, compar): the nearest one.
  const auto subcommands = app.get_subcommands({});
  const std::string first = argv[1];
  if (!first.starts_with("-") && std::ranges::none_of(subcommands, [&first](const CLI::App* sub) {
        return sub->get_name() == first;
      })) {
    std::string names;
    std::string nearest;
    std::size_t best = 3;
    for (const CLI::App* sub : subcommands) {
      names += (names.empty() ? "" : ", ") + sub->get_name();
      if (const std::size_t d = panopticon::edit_distance(first, sub->get_name()); d < best) {
        best = d;
        nearest = sub->get_name();
      }
    }
    fmt::print(stderr,
               "error: {}: unknown subcommand; allowed: {}one of {} (`panopticon --help`)\n", first,
               nearest.empty() ? "" : "did you mean " + nearest + "? ", names);
    return kBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kBadInput;
  }

  try {
    panopticon::hand_over_to_mpi_ranks(argc, argv);
    const panopticon::FaultInjection fault = panopticon::fault_injection_from_environment();
    if (*run) {
      const auto overrides = panopticon::collect_overrides(sets, steps, seed);
      const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
      panopticon::RunOptions options;
      options.directory = panopticon::output_directory(out_dir, scenario_path);
      options.checkpoint_every = panopticon::checkpoint_interval(checkpoint_every);
      options.fault = fault;
      options.memory_limit = memory_limit(fault);
      // Refused before the directory is made: nothing is left behind.
      if (options.memory_limit) panopticon::check_memory(scenario, *options.memory_limit);
      panopticon::NewDirectory made(options.directory);
      if (!resume_run) panopticon::check_writable(options.directory);
      // Held until the run ends: no other process writes into the directory.
      const panopticon::OutputLock lock(options.directory);
      if (!resume_run) panopticon::prepare_fresh_start(options.directory, force);
      const int status = drive_and_report(options, [&](const panopticon::RunOptions& o) {
        return resume_run ? panopticon::resume(o, scenario)
                          : panopticon::run_fresh(scenario, overrides, o);
      });
      made.keep();
      return status;
    }
    if (*resume) {
      panopticon::RunOptions options;
      options.directory = resume_dir;
      options.checkpoint_every = panopticon::checkpoint_interval(checkpoint_every);
      options.fault = fault;
      options.memory_limit = memory_limit(fault);
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::symlink_status(options.directory, ec))) {
        throw panopticon::CheckpointError(
            fmt::format("{} does not exist: there is no run to resume there", resume_dir));
      }
      const panopticon::OutputLock lock(options.directory);
      return drive_and_report(
          options, [](const panopticon::RunOptions& o) { return panopticon::resume(o); });
    }
    if (*validate) {
      const auto scenario =
          panopticon::load_scenario(scenario_path, panopticon::collect_overrides(sets, {}, {}));
      const auto limit = panopticon::available_memory();
      fmt::print("# {}: valid\n# memory: {}{}\n{}", scenario_path,
                 panopticon::estimate_memory(scenario).describe(),
                 limit ? fmt::format("; this process may use {} ({})",
                                     panopticon::format_bytes(limit->bytes), limit->source)
                       : std::string(),
                 panopticon::to_toml(scenario));
      return 0;
    }
    if (*outputs) {
      fmt::print("{}", panopticon::outputs_markdown());
      return 0;
    }
    if (*compare) {
      // Exactly one baseline, checked before anything runs or is written.
      const std::string baselines =
          "exactly one of --without all|MECHANISM[,MECHANISM...] and --against SCENARIO";
      if (without_option->count() > 0 && against_option->count() > 0) {
        throw panopticon::ScenarioError(
            panopticon::SourcePlace{"--without " + without + " --against " + against, 0, 0}, "", "",
            "two baselines", baselines);
      }
      if (without_option->count() == 0 && against_option->count() == 0) {
        throw panopticon::ScenarioError(panopticon::SourcePlace{"compare", 0, 0}, "", "",
                                        "no baseline", baselines);
      }
      const auto overrides = panopticon::collect_overrides(sets, steps, seed);
      const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
      panopticon::CompareOptions options;
      options.replicates =
          static_cast<int>(panopticon::parse_option_integer("--replicates", replicates, 1, 100000));
      std::string name;
      if (against_option->count() > 0) {
        // --steps, --seed and --set apply to both sides.
        options.baseline.against = panopticon::load_scenario(against, overrides);
        panopticon::check_against(scenario, *options.baseline.against);
        name = "against-" + std::filesystem::path(against).stem().string();
      } else {
        options.baseline.without = panopticon::parse_without(without);
        warn_mechanisms_off(scenario, without, options.baseline.without);
        name = "without-" + without;
        std::replace(name.begin(), name.end(), ',', '+');
      }
      warn_windows_overlap(scenario);
      const std::filesystem::path directory =
          out_dir.empty()
              ? std::filesystem::path("output") /
                    fmt::format("compare-{}-{}",
                                std::filesystem::path(scenario_path).stem().string(), name)
              : std::filesystem::path(out_dir);
      // Both sides of a pair at once, pairs side by side on every core.
      if (const auto limit = memory_limit(fault)) {
        const int side_by_side =
            std::min(options.replicates, panopticon::ThreadBudget::process().total());
        panopticon::check_memory(
            scenario, {limit->bytes / (2.0 * std::max(1, side_by_side)),
                       fmt::format("{}, shared by {} model(s) side by side", limit->source,
                                   2 * std::max(1, side_by_side))});
      }
      panopticon::NewDirectory made(directory);
      panopticon::check_writable(directory);
      const panopticon::OutputLock lock(directory);
      const auto t0 = std::chrono::steady_clock::now();
      const panopticon::CompareResult result = unless_disk_full(directory, [&] {
        panopticon::CompareResult r = panopticon::run_compare(scenario, options);
        panopticon::write_compare(r, directory);
        return r;
      });
      made.keep();
      print_compare(result, directory,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      return 0;
    }
    if (sweep_command.chosen()) {
      return panopticon::run_sweep_command(sweep_command, fault, memory_limit(fault));
    }
    if (report_command.chosen()) return panopticon::run_report_command(report_command);
    if (world_command.chosen()) {
      return panopticon::run_world_command(world_command, memory_limit(fault));
    }
    if (serve_command.chosen()) {
      return panopticon::run_serve_command(serve_command, memory_limit(fault));
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
  } catch (const panopticon::OutputLockError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const panopticon::InputFileError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const panopticon::StoreError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const std::bad_alloc&) {
    // The estimate let it through (or was skipped): still a clean report.
    fmt::print(stderr,
               "error: out of memory: an allocation failed{}; allowed: a scenario that fits "
               "(`panopticon validate` prints its estimate): a smaller lattice.width x "
               "lattice.height or citizens.density, fewer model.steps, or more memory\n",
               scenario_path.empty() ? "" : " running " + scenario_path);
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

// An exception that escapes a worker thread (an OpenMP team's, where an
// allocation fails mid-tick) cannot unwind to run_main: std::terminate is
// called. An allocation failure is still reported as one, with exit status
// 2, instead of an abort; the output directory keeps what a killed run
// keeps (its checkpoint, the partial output), which resume or --force
// handle.
namespace {
[[noreturn]] void report_terminate() {
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      std::fputs(
          "error: out of memory: an allocation failed in a worker thread; allowed: a scenario "
          "that fits (`panopticon validate` prints its estimate): a smaller lattice.width x "
          "lattice.height or citizens.density, fewer model.steps, or more memory\n",
          stderr);
      std::_Exit(kBadInput);
    } catch (const std::exception& other) {
      std::fprintf(stderr, "error: %s\n", other.what());
    } catch (...) {
    }
  }
  std::abort();
}
}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(report_terminate);
  // A file size limit (ulimit -f) then fails a write with EFBIG, reported
  // as a full disk, instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return run_main(argc, argv);
  } catch (const std::exception& e) {  // setting up the command line itself failed
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (...) {
    return 1;
  }
}
