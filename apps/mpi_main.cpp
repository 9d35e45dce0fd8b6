// panopticon_mpi: one synchronous simulation split across MPI ranks, or a
// sweep's runs spread over them.
//   mpirun -n RANKS panopticon_mpi sweep|sensitivity PLAN [--out DIR] [--force] [--check]
//   mpirun -n RANKS panopticon_mpi world WORLD [--out DIR] [--replicates N] [--no-baseline]
//   [--force] mpirun -n RANKS panopticon_mpi SCENARIO [--steps N] [--seed S] [--out DIR]
//                                  [--set key=value ...] [--hashes FILE]
//                                  [--checkpoint-every N] [--resume | --force]
//                                  [--progress-timeout SECONDS]
// Rank 0 writes ticks.csv, summary.json and metadata.json, the same files,
// byte for byte, as `panopticon run` of the same scenario in one process.
// Checkpoints gather the whole lattice on rank 0 and are in the synchronous
// engine's format: a run resumes with any number of ranks, or in one process
// with `panopticon resume`.
// Rank 0 locks the output directory for the whole run (output_lock.hpp).
// --hashes writes the state hash after every tick (tick 0 included), for
// tests of determinism across rank counts. A rank that stops answering
// ends the job after --progress-timeout seconds (mpi_progress.hpp). Exit
// status: 0 success, 2 bad input, 3 a rank stopped answering, 1 other
// failure.
#include <mpi.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/distributed.hpp"
#include "panopticon/distributed_sweep.hpp"
#include "panopticon/distributed_world.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/mpi_progress.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/output_lock.hpp"
#include "panopticon/result_store.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"
#include "run_report.hpp"
#include "sweep_command.hpp"
#include "world_command.hpp"

namespace {

constexpr int kBadInput = 2;

int run(int argc, char** argv, int rank) {
  CLI::App app{"panopticon_mpi: one synchronous simulation split across MPI ranks"};
  std::string scenario_path;
  std::string out_dir;
  std::string hashes_path;
  std::vector<std::string> sets;
  // Numbers as typed, checked by the program so that messages quote them
  // (option_number.hpp).
  std::optional<std::string> steps;
  std::optional<std::string> seed;
  app.add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  app.add_option("--steps", steps, "number of ticks (overrides model.steps)");
  app.add_option("--seed", seed, "random seed (overrides model.seed)");
  app.add_option("--out", out_dir, "output directory (default: output/<scenario name>)");
  app.add_option("--set", sets, "override a parameter: section.key=value (repeatable)");
  app.add_option("--hashes", hashes_path, "write the state hash of every tick to this file");
  std::string progress_timeout = fmt::format("{}", panopticon::mpi::progress_timeout());
  app.add_option("--progress-timeout", progress_timeout,
                 "seconds a rank waits for the others before it ends the job, naming the ranks "
                 "that stopped answering (exit status 3; 0: wait for ever; at most 1e9)")
      ->capture_default_str();
  std::optional<std::string> checkpoint_every;
  bool resume_run = false;
  bool force = false;
  app.add_option("--checkpoint-every", checkpoint_every,
                 "write a checkpoint every N ticks into the output directory (0: none; with "
                 "--resume, default: the interval the run was started with)");
  CLI::Option* resume_flag =
      app.add_flag("--resume", resume_run,
                   "continue from the checkpoint in the output directory, which must belong to "
                   "this scenario");
  app.add_flag("--force", force,
               "start afresh even where the output directory holds the checkpoint of an "
               "unfinished run (it is deleted); without it such a run is refused")
      ->excludes(resume_flag);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Only rank 0 prints (help, or the error); every rank exits alike.
    const int code = rank == 0 ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : kBadInput;
  }
  const auto print_error = [rank](const std::exception& e) {
    if (rank == 0) fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  };
  try {
    const std::vector<panopticon::Override> overrides =
        panopticon::collect_overrides(sets, steps, seed);
    const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
    panopticon::RunOptions options;
    options.directory = panopticon::output_directory(out_dir, scenario_path);
    options.checkpoint_every = panopticon::checkpoint_interval(checkpoint_every);
    const double timeout =
        panopticon::parse_option_number("--progress-timeout", progress_timeout, 0.0, 1e9);
    options.writes_outputs = rank == 0;
    options.fault = panopticon::fault_injection_from_environment();
    // Rank 0 writes the outputs and --hashes, and holds the directory's
    // lock until the run ends; the others learn whether it can.
    std::ofstream hashes;
    std::optional<panopticon::OutputLock> lock;
    int writable = 1;
    std::string problem;
    if (rank == 0) {
      try {
        if (!resume_run) panopticon::check_writable(options.directory);
        lock.emplace(options.directory);
        if (!resume_run) panopticon::prepare_fresh_start(options.directory, force);
        if (!hashes_path.empty()) {
          hashes.open(hashes_path);
          if (!hashes) {
            throw panopticon::ScenarioError(
                panopticon::SourcePlace{"--hashes " + hashes_path, 0, 0}, "", "",
                "cannot write the file", "a writable file");
          }
        }
      } catch (const panopticon::ScenarioError& e) {
        writable = 0;
        problem = e.what();
      } catch (const panopticon::CheckpointError& e) {
        writable = 0;
        problem = e.what();
      } catch (const panopticon::OutputLockError& e) {
        writable = 0;
        problem = e.what();
      }
    }
    panopticon::mpi::set_progress_timeout(timeout);
    panopticon::mpi::bcast(&writable, 1, MPI_INT, 0, MPI_COMM_WORLD, "the start");
    if (writable == 0) return print_error(std::runtime_error(problem));
    // The hash of the state as made or loaded, and after every tick; what
    // the summary prints is read at the last tick. state_hash() and
    // migrations() are collective: every rank calls them.
    const panopticon::DistributedSimulation* live = nullptr;
    std::uint64_t final_hash = 0;
    std::uint64_t migrations = 0;
    int ranks = 1;
    std::uint32_t halo = 0;
    const auto hash_line = [&](const panopticon::Model& sim) {
      if (hashes_path.empty()) return;
      const std::uint64_t h = sim.state_hash();
      if (rank == 0) hashes << sim.tick() << ' ' << h << '\n';
    };
    const auto started = [&](const panopticon::DistributedSimulation& sim) {
      live = &sim;
      hash_line(sim);
    };
    options.make = [&](const panopticon::Scenario& s) {
      auto sim = std::make_unique<panopticon::DistributedSimulation>(s, MPI_COMM_WORLD);
      started(*sim);
      return std::unique_ptr<panopticon::Model>(std::move(sim));
    };
    options.load = [&](const panopticon::Scenario& s, panopticon::CheckpointReader& in) {
      auto sim = std::make_unique<panopticon::DistributedSimulation>(s, MPI_COMM_WORLD, in);
      started(*sim);
      return std::unique_ptr<panopticon::Model>(std::move(sim));
    };
    options.on_tick = [&](const panopticon::Model& sim) {
      hash_line(sim);
      if (sim.tick() == sim.scenario().steps) {
        final_hash = sim.state_hash();
        migrations = live->migrations();
        ranks = live->ranks();
        halo = live->halo_rows();
      }
    };
    const auto t0 = std::chrono::steady_clock::now();
    const panopticon::RunResult result = resume_run
                                             ? panopticon::resume(options, scenario)
                                             : panopticon::run_fresh(scenario, overrides, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rank == 0) {
      // What `panopticon run` prints (rank 0's peak memory), then the split.
      panopticon::print_run_report("panopticon_mpi", options.directory, result, seconds,
                                   "(rank 0)");
      fmt::print(
          "  on {} ranks ({} halo rows); citizens crossing strip borders: {}; state hash "
          "{:016x}\n",
          ranks, halo, migrations, final_hash);
    }
    return 0;
  } catch (const panopticon::CheckpointError& e) {
    return print_error(e);
  } catch (const panopticon::ScenarioError& e) {
    return print_error(e);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error (rank {}): {}\n", rank, e.what());
    return 1;
  }
}

// `mpirun -n N panopticon_mpi sweep|sensitivity PLAN ...` (and `panopticon
// sweep` under mpirun, which hands over to this program): rank 0 reads the
// plan, holds the directory and the store and prints; the other ranks run
// what it hands out (distributed_sweep.hpp).
int run_sweep_ranks(int argc, char** argv, int rank) {
  CLI::App app{"panopticon_mpi sweep: a sweep's runs across MPI ranks"};
  app.require_subcommand(1);
  panopticon::SweepCommand command;
  panopticon::add_sweep_commands(app, command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = rank == 0 ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : kBadInput;
  }
  // The ranks on rank 0's machine share its memory (collective: every rank
  // takes part before the roles part).
  MPI_Comm node = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int on_node = 1;
  MPI_Comm_size(node, &on_node);
  MPI_Comm_free(&node);
  if (rank != 0) {
    panopticon::mpi::serve_sweep(command.plan, MPI_COMM_WORLD);
    return 0;
  }
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  bool coordinating = false;
  panopticon::SweepSpread spread;
  spread.runs_per_machine = on_node;
  spread.how = fmt::format("{} MPI rank(s)", size);
  spread.runner = [&coordinating](const panopticon::SweepPlan& plan,
                                  const panopticon::SweepOptions& options) {
    coordinating = true;
    return panopticon::mpi::coordinate_sweep(plan, options, MPI_COMM_WORLD);
  };
  const panopticon::FaultInjection fault = panopticon::fault_injection_from_environment();
  int status = 1;
  try {
    status = panopticon::run_sweep_command(
        command, fault, fault.skip_memory_check ? std::nullopt : panopticon::available_memory(),
        spread);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    const bool bad_input = dynamic_cast<const panopticon::ScenarioError*>(&e) != nullptr ||
                           dynamic_cast<const panopticon::StoreError*>(&e) != nullptr ||
                           dynamic_cast<const panopticon::OutputLockError*>(&e) != nullptr ||
                           dynamic_cast<const panopticon::InputFileError*>(&e) != nullptr;
    status = bad_input ? kBadInput : 1;
    // Ranks still running or waiting for a result that will never be
    // asked for: the whole job ends here (the store keeps what finished).
    if (coordinating) MPI_Abort(MPI_COMM_WORLD, status);
  }
  if (!coordinating) panopticon::mpi::release_sweep_ranks(MPI_COMM_WORLD);
  return status;
}

// `mpirun -n N panopticon_mpi world WORLD ...` (and `panopticon world`
// under mpirun): every rank reads the world and runs its countries
// (distributed_world.hpp); rank 0 holds the directory, writes and prints.
int run_world_ranks(int argc, char** argv, int rank) {
  CLI::App app{"panopticon_mpi world: a world's countries across MPI ranks"};
  app.require_subcommand(1);
  panopticon::WorldCommand command;
  panopticon::add_world_command(app, command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = rank == 0 ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : kBadInput;
  }
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  panopticon::WorldSpread spread;
  spread.writes = rank == 0;
  spread.how = fmt::format("{} MPI rank(s)", size);
  spread.configure = [](const panopticon::WorldSpec& world, panopticon::WorldOptions& options) {
    panopticon::mpi::spread_world(world, options, MPI_COMM_WORLD);
  };
  bool started = false;
  spread.started = &started;
  spread.agree = [](bool ok) {
    int all = ok ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return all != 0;
  };
  const panopticon::FaultInjection fault = panopticon::fault_injection_from_environment();
  try {
    return panopticon::run_world_command(
        command, fault.skip_memory_check ? std::nullopt : panopticon::available_memory(), spread);
  } catch (const std::exception& e) {
    // Bad input is found by every rank alike (the same world file), or by
    // rank 0 alone before any rank runs (its directory: spread.agree), and
    // rank 0 alone says so. Anything else may strike one rank while the
    // others wait in a year's exchange: the job ends here.
    const bool bad_input = dynamic_cast<const panopticon::ScenarioError*>(&e) != nullptr ||
                           dynamic_cast<const panopticon::OutputLockError*>(&e) != nullptr ||
                           dynamic_cast<const panopticon::InputFileError*>(&e) != nullptr;
    if (rank == 0 || !bad_input || started) fmt::print(stderr, "error: {}\n", e.what());
    if (!bad_input || started) MPI_Abort(MPI_COMM_WORLD, bad_input ? kBadInput : 1);
    return kBadInput;
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "world") {
    int world_status = 1;
    try {
      world_status = run_world_ranks(argc, argv, rank);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error (rank {}): {}\n", rank, e.what());
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Finalize();
    return world_status;
  }
  if (first == "sweep" || first == "sensitivity") {
    // Each rank's own status: failed runs (1) are an outcome, not a crash.
    int sweep_status = 1;
    try {
      sweep_status = run_sweep_ranks(argc, argv, rank);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error (rank {}): {}\n", rank, e.what());
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Finalize();
    return sweep_status;
  }
  int status = 1;
  try {
    status = run(argc, argv, rank);
  } catch (...) {  // setting up the command line itself failed
    status = 1;
  }
  // Every rank reaches here with the same status for bad input (all validate
  // the same scenario); a failure on one rank alone ends them all.
  if (status == 1) MPI_Abort(MPI_COMM_WORLD, 1);
  MPI_Finalize();
  return status;
}
