// panopticon_mpi: one synchronous simulation split across MPI ranks.
//   mpirun -n RANKS panopticon_mpi SCENARIO [--steps N] [--seed S] [--out DIR]
//                                  [--set key=value ...] [--hashes FILE]
//                                  [--checkpoint-every N] [--resume]
// Rank 0 writes ticks.csv, summary.json and metadata.json, the same files,
// byte for byte, as `panopticon run` of the same scenario in one process.
// Checkpoints gather the whole lattice on rank 0 and are in the synchronous
// engine's format: a run resumes with any number of ranks, or in one process
// with `panopticon resume`.
// --hashes writes the state hash after every tick (tick 0 included), for
// tests of determinism across rank counts. Exit status: 0 success, 2 bad
// input, 1 other failure.
#include <mpi.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <csignal>

#include "panopticon/checkpoint.hpp"
#include "panopticon/distributed.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"

namespace {

constexpr int kBadInput = 2;

int run(int argc, char** argv, int rank) {
  CLI::App app{"panopticon_mpi: one synchronous simulation split across MPI ranks"};
  std::string scenario_path;
  std::string out_dir;
  std::string hashes_path;
  std::vector<std::string> sets;
  std::optional<std::int64_t> steps;
  std::optional<std::int64_t> seed;
  app.add_option("scenario", scenario_path, "scenario file (TOML)")->required();
  app.add_option("--steps", steps, "number of ticks (overrides model.steps)");
  app.add_option("--seed", seed, "random seed (overrides model.seed)");
  app.add_option("--out", out_dir, "output directory (default: output/<scenario name>)");
  app.add_option("--set", sets, "override a parameter: section.key=value (repeatable)");
  app.add_option("--hashes", hashes_path, "write the state hash of every tick to this file");
  std::int64_t checkpoint_every = 0;
  bool resume_run = false;
  app.add_option("--checkpoint-every", checkpoint_every,
                 "write a checkpoint every N ticks into the output directory (0: none)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--resume", resume_run,
               "continue from the checkpoint in the output directory, which must belong to this "
               "scenario");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (rank == 0) return app.exit(e) == 0 ? 0 : kBadInput;
    return kBadInput;
  }
  try {
    std::vector<panopticon::Override> overrides;
    overrides.reserve(sets.size() + 2);
    for (const auto& s : sets) overrides.push_back(panopticon::parse_override(s));
    if (steps) overrides.push_back({"model.steps", std::to_string(*steps)});
    if (seed) overrides.push_back({"model.seed", std::to_string(*seed)});
    panopticon::reload_fault_injection();
    const panopticon::Scenario scenario = panopticon::load_scenario(scenario_path, overrides);
    const std::filesystem::path directory =
        out_dir.empty()
            ? std::filesystem::path("output") / std::filesystem::path(scenario_path).stem()
            : std::filesystem::path(out_dir);
    const auto checkpoint = directory / panopticon::kCheckpointFile;
    std::unique_ptr<panopticon::DistributedSimulation> model;
    std::unique_ptr<panopticon::RunOutput> out;
    if (resume_run) {
      // Every rank reads the checkpoint (a shared file system); rank 0 takes
      // up the partial outputs.
      panopticon::CheckpointReader in(checkpoint);
      panopticon::RunRecord record = panopticon::read_run_record(in);
      if (panopticon::to_toml(record.scenario) != panopticon::to_toml(scenario)) {
        in.fail("belongs to another scenario (run `panopticon resume` to see which)");
      }
      model =
          std::make_unique<panopticon::DistributedSimulation>(record.scenario, MPI_COMM_WORLD, in);
      if (rank == 0) {
        out = std::make_unique<panopticon::RunOutput>(directory, scenario, record.overrides,
                                                      std::move(record.rows), record.ticks_bytes);
      }
    } else {
      model = std::make_unique<panopticon::DistributedSimulation>(scenario, MPI_COMM_WORLD);
      if (rank == 0) {
        out = std::make_unique<panopticon::RunOutput>(directory, scenario, overrides);
        std::error_code ignored;
        std::filesystem::remove(checkpoint, ignored);  // an earlier run's is not ours
        out->record(*model);
      }
    }
    panopticon::DistributedSimulation& sim = *model;
    std::ofstream hashes;
    if (rank == 0 && !hashes_path.empty()) hashes.open(hashes_path);
    auto hash_line = [&] {
      const std::uint64_t h = sim.state_hash();  // collective: every rank calls it
      if (rank == 0 && hashes.is_open()) hashes << sim.tick() << ' ' << h << '\n';
    };
    hash_line();
    const auto t0 = std::chrono::steady_clock::now();
    while (sim.tick() < scenario.steps) {
      sim.step();
      if (rank == 0) out->record(sim);
      if (!hashes_path.empty()) hash_line();
      if (checkpoint_every > 0 && sim.tick() % checkpoint_every == 0 &&
          sim.tick() < scenario.steps) {
        panopticon::CheckpointWriter w;
        if (rank == 0) panopticon::put_run_record(w, *out, scenario);
        sim.save(w);  // collective
        if (rank == 0) {
          if (panopticon::fault_kills_this_checkpoint()) std::raise(SIGKILL);  // tests
          w.write(checkpoint);
        }
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::uint64_t hash = sim.state_hash();
    const std::uint64_t migrations = sim.migrations();
    if (rank == 0) {
      const panopticon::RunSummary summary = out->finish(sim);
      const auto agents = static_cast<double>(sim.citizen_count() + sim.counts().cops);
      fmt::print(
          "panopticon_mpi: {} on {} ranks ({} halo rows), {} ticks, {}x{} lattice\n"
          "  outbursts: {}; final: {} active, {} jailed; {} arrests\n"
          "  citizens crossing strip borders: {}\n"
          "  state hash {:016x}\n"
          "  speed {:.1f} M agent-steps/s ({:.2f} s)\n",
          scenario_path, sim.ranks(), sim.halo_rows(), scenario.steps, scenario.width,
          scenario.height, summary.outbursts.size(), summary.final_active, summary.final_jailed,
          summary.total_arrests, migrations, hash,
          seconds > 0 ? agents * static_cast<double>(scenario.steps) / seconds / 1e6 : 0.0,
          seconds);
    }
    return 0;
  } catch (const panopticon::CheckpointError& e) {
    if (rank == 0) fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const panopticon::ScenarioError& e) {
    if (rank == 0) fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const std::invalid_argument& e) {
    if (rank == 0) fmt::print(stderr, "error: {}\n", e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error (rank {}): {}\n", rank, e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
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
