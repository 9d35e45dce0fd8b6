#include "sweep_command.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "new_directory.hpp"
#include "panopticon/atomic_file.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/output_lock.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/sensitivity_report.hpp"
#include "panopticon/sweep.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/version.hpp"
#include "panopticon/world.hpp"
#include "progress_bar.hpp"

namespace panopticon {

namespace {

void add_options(CLI::App* sub, SweepCommand& c) {
  sub->add_option("plan", c.plan, "sweep plan (TOML, docs/experiments.md)")->required();
  sub->add_option("--out", c.out, "output directory (default: output/sweep-<plan name>)");
  sub->add_option("--workers", c.workers,
                  "runs side by side, 0 to 1024 (0: one per core), each run one thread")
      ->type_name("N")
      ->capture_default_str();
  sub->add_flag("--force", c.force,
                "start afresh where the directory holds another plan's sweep (its store and "
                "tables are deleted; nothing else is)");
  sub->add_flag("--check", c.check,
                "check the plan and print its design, runs and memory, without running");
}

std::string join_factors(const SweepPlan& plan) {
  std::string out;
  for (const auto& f : plan.factors) out += "\n    " + f.description;
  return out;
}

// The points whose memory is estimated: every one of a scenario plan; of a
// world plan (whose every load reads all its countries), the first and the
// last.
std::vector<std::size_t> points_to_estimate(const SweepPlan& plan, const DesignPoints& points) {
  std::vector<std::size_t> out;
  const std::size_t n = points.values.size();
  if (!plan.is_world()) {
    for (std::size_t p = 0; p < n; ++p) out.push_back(p);
  } else if (n > 0) {
    out.push_back(0);
    if (n > 1) out.push_back(n - 1);
  }
  return out;
}

double run_memory(const SweepPlan& plan, const DesignPoints& points, std::size_t p) {
  if (plan.is_world()) {
    return estimate_world_memory(
        load_world(plan.world_path, world_run_overrides(plan, points, p, 0)));
  }
  return estimate_memory(run_scenario(plan, points, p, 0)).total();
}

void print_check(const SweepPlan& plan, const DesignPoints& points, int workers,
                 const std::optional<MemoryLimit>& limit) {
  const std::size_t runs = run_count(plan, points);
  double most = 0.0;
  for (const std::size_t p : points_to_estimate(plan, points)) {
    most = std::max(most, run_memory(plan, points, p));
  }
  fmt::print(
      "# {}: valid\n# {}: {}\n# design: {}, {} point(s) x {} replicate(s) = {} runs, "
      "seeds {} to {}\n# factors:{}\n# metrics: ",
      plan.source, plan.is_world() ? "world" : "scenario",
      plan.is_world() ? plan.world_path : plan.scenario_path, to_string(plan.design),
      points.values.size(), plan.replicates, runs, plan.seed, plan.seed + plan.replicates - 1,
      join_factors(plan));
  for (std::size_t i = 0; i < plan.metrics.size(); ++i) {
    fmt::print("{}{}", i == 0 ? "" : ", ", plan.metrics[i].ref.name);
  }
  fmt::print("\n# memory: {} for the largest run, {} for {} side by side{}\n", format_bytes(most),
             format_bytes(most * workers), workers,
             limit ? fmt::format("; this process may use {} ({})", format_bytes(limit->bytes),
                                 limit->source)
                   : std::string());
}

}  // namespace

void hand_over_to_mpi_ranks(int argc, char** argv) {
  if (argc < 2) return;
  const std::string sub = argv[1];
  if (sub != "sweep" && sub != "sensitivity" && sub != "world") return;
  // Open MPI's launcher tells each process the size of its job.
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (size == nullptr || std::atoi(size) <= 1) return;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path mpi = self.parent_path() / "panopticon_mpi";
  if (ec || ::access(mpi.c_str(), X_OK) != 0) {
    throw ScenarioError(
        SourcePlace{"mpirun", 0, 0}, "", "",
        fmt::format("panopticon {} under mpirun with {} ranks needs panopticon_mpi beside "
                    "panopticon ({}), and it is not there",
                    sub, size, mpi.string()),
        "a build with Open MPI (apt-get install libopenmpi-dev openmpi-bin, then "
        "scripts/setup.sh), or the command without mpirun (`--workers N` or `--threads N` "
        "spreads it over this machine's cores)");
  }
  std::vector<char*> args(argv, argv + argc);
  args.push_back(nullptr);
  ::execv(mpi.c_str(), args.data());
  throw ScenarioError(SourcePlace{"mpirun", 0, 0}, "", "",
                      fmt::format("cannot start {}: {}", mpi.string(), std::strerror(errno)),
                      "an executable panopticon_mpi beside panopticon");
}

void add_sweep_commands(CLI::App& app, SweepCommand& command) {
  command.sweep = app.add_subcommand(
      "sweep", "run every point of a plan's design, replicated, into a results store and tables");
  add_options(command.sweep, command);
  command.sensitivity = app.add_subcommand(
      "sensitivity",
      "run a sobol or morris plan (as sweep does, resumably) and write its sensitivity indices");
  add_options(command.sensitivity, command);
}

int run_sweep_command(const SweepCommand& command, const FaultInjection& fault,
                      const std::optional<MemoryLimit>& memory_limit, const SweepSpread& spread) {
  const bool sensitivity = command.sensitivity->parsed();
  const int asked = static_cast<int>(parse_option_integer("--workers", command.workers, 0, 1024));
  const SweepPlan plan = load_plan(command.plan);
  if (sensitivity && plan.design != DesignKind::kSobol && plan.design != DesignKind::kMorris) {
    throw ScenarioError(SourcePlace{plan.source, 0, 0}, "[sweep] design",
                        std::string(to_string(plan.design)), "has no sensitivity indices",
                        "design = \"sobol\" (first-order and total indices) or \"morris\" "
                        "(elementary effects); `panopticon sweep` runs any design");
  }
  const DesignPoints points = design_points(plan);
  const std::size_t runs = run_count(plan, points);
  if (spread.runs_per_machine > 0 && asked != 0) {
    throw ScenarioError(SourcePlace{"--workers " + command.workers, 0, 0}, "", "",
                        "under MPI every rank runs one run at a time",
                        "no --workers (or 0); more ranks for more runs at once");
  }
  const int per_machine = spread.runs_per_machine > 0
                              ? spread.runs_per_machine
                              : (asked > 0 ? asked : ThreadBudget::process().total());
  const int workers = static_cast<int>(
      std::max<std::size_t>(1, std::min<std::size_t>(runs, static_cast<std::size_t>(per_machine))));
  if (command.check) {
    print_check(plan, points, workers, memory_limit);
    return 0;
  }
  // Each worker's run at once: the largest point's estimate, times the workers.
  if (memory_limit) {
    const MemoryLimit share{memory_limit->bytes / std::max(1, workers),
                            fmt::format("{}, shared by {} run(s) side by side (--workers)",
                                        memory_limit->source, std::max(1, workers))};
    for (const std::size_t p : points_to_estimate(plan, points)) {
      if (!plan.is_world()) {
        check_memory(run_scenario(plan, points, p, 0), share);
        continue;
      }
      const double bytes = run_memory(plan, points, p);
      if (bytes > share.bytes) {
        throw ScenarioError(
            SourcePlace{plan.world_path, 0, 0}, "", "",
            fmt::format("a run of the world needs about {} and {} allows {}", format_bytes(bytes),
                        share.source, format_bytes(share.bytes)),
            "fewer agents per country, or fewer --workers");
      }
    }
  }
  const std::filesystem::path directory =
      command.out.empty() ? std::filesystem::path("output") /
                                ("sweep-" + std::filesystem::path(command.plan).stem().string())
                          : std::filesystem::path(command.out);
  NewDirectory made(directory);
  check_writable(directory);
  const OutputLock lock(directory);
  if (command.force) remove_sweep_outputs(directory);

  ProgressBar bar;
  SweepOptions options;
  options.directory = directory;
  options.workers = workers;
  options.kill_in_store_write = fault.kill_in_store_write;
  options.on_progress = [&bar](const SweepProgress& p) {
    bar.update_runs(static_cast<std::int64_t>(p.done), static_cast<std::int64_t>(p.total),
                    static_cast<std::int64_t>(p.ran), p.elapsed_s);
  };
  SweepResult result;
  try {
    result = spread.runner(plan, options);
    write_sweep_tables(plan, result, directory);
    if (sensitivity) write_sensitivity(sensitivity_table(plan, result), directory);
  } catch (const DiskFullError& e) {
    bar.clear();
    throw ScenarioError(SourcePlace{directory.string(), 0, 0}, "", "",
                        fmt::format("the disk is full ({}); every run the store holds is kept "
                                    "for the same command once there is space",
                                    e.what()),
                        "free space on the disk that holds it (or a larger ulimit -f), or "
                        "another --out");
  }
  bar.clear();
  made.keep();

  fmt::print(
      "panopticon {}: {} ({} design), {} runs: {} ran now{}, {} failed ({:.1f} s{})\n", kVersion,
      plan.source, to_string(plan.design), runs, result.ran,
      result.reused > 0 ? fmt::format(", {} from before", result.reused) : std::string(),
      result.failed, result.wall_s,
      result.ran > 0 && result.wall_s > 0.0
          ? fmt::format(", {:.3g} runs/s on {}", static_cast<double>(result.ran) / result.wall_s,
                        spread.how.empty() ? fmt::format("{} worker(s)", workers) : spread.how)
          : std::string());
  if (sensitivity) {
    const SensitivityTable table = sensitivity_table(plan, result);
    fmt::print("  {:<36} {:<28}", "metric", "parameter");
    for (const auto& c : table.columns) fmt::print(" {:>12}", c);
    fmt::print("\n");
    for (std::size_t r = 0; r < table.values.size(); ++r) {
      fmt::print("  {:<36} {:<28}", table.metric[r], table.parameter[r]);
      for (const double v : table.values[r]) {
        fmt::print(" {:>12}", std::isnan(v) ? std::string("-") : fmt::format("{:.4g}", v));
      }
      fmt::print("\n");
    }
  }
  fmt::print("  outputs in {}/ (sweep.sqlite, runs.csv, points.csv{}{}{})\n", directory.string(),
             result.points.two_level ? ", effects.csv" : "", sensitivity ? ", sensitivity.csv" : "",
             plan.series ? ", series/" : "");
  if (result.failed > 0) {
    std::size_t shown = 0;
    for (const auto& row : result.rows) {
      if (row.status == "ok") continue;
      if (shown++ == 3) break;
      fmt::print(stderr, "error: run {} (point {}, seed {}) failed: {}\n", row.run_id, row.point,
                 row.seed, row.message);
    }
    fmt::print(stderr,
               "error: {} of {} runs failed; the same command reruns them and keeps the rest\n",
               result.failed, runs);
    return 1;
  }
  return 0;
}

}  // namespace panopticon
