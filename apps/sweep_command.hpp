#pragma once
// `panopticon sweep PLAN` and `panopticon sensitivity PLAN`: the command
// line of sweeps (sweep.hpp) and of their sensitivity indices
// (sensitivity_report.hpp).
#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "panopticon/memory_estimate.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/sweep.hpp"

namespace panopticon {

struct SweepCommand {
  CLI::App* sweep = nullptr;
  CLI::App* sensitivity = nullptr;
  std::string plan;
  std::string out;
  std::string workers = "0";
  bool force = false;
  bool check = false;
  bool chosen() const {
    return (sweep != nullptr && sweep->parsed()) ||
           (sensitivity != nullptr && sensitivity->parsed());
  }
};

void add_sweep_commands(CLI::App& app, SweepCommand& command);

// `mpirun -n N panopticon sweep|sensitivity|world ...` with N > 1: this process
// is one of N, and the runs are spread over them by panopticon_mpi, the
// program that links Open MPI (this one never does). Replaces the process
// with panopticon_mpi beside it, with the same arguments; returns (doing
// nothing) outside mpirun, for one rank, or for another subcommand. Throws
// ScenarioError when panopticon_mpi is not there.
void hand_over_to_mpi_ranks(int argc, char** argv);

// Exit status: 0 when every run finished, 1 when some failed (the store
// keeps why, and a rerun retries them); errors in the plan, the directory
// or the store are thrown for the program's handlers (exit 2).
// How the runs are spread: over the threads of this process (run_sweep),
// or over MPI ranks (distributed_sweep.hpp), whose program passes its own
// runner and the runs one machine holds at once (its ranks there), which
// --workers must then leave at 0.
using SweepRunner = std::function<SweepResult(const SweepPlan&, const SweepOptions&)>;
struct SweepSpread {
  SweepRunner runner = run_sweep;
  int runs_per_machine = 0;  // 0: --workers decides
  std::string how;           // "4 MPI ranks"; empty: "N worker(s)"
};

int run_sweep_command(const SweepCommand& command, const FaultInjection& fault,
                      const std::optional<MemoryLimit>& memory_limit,
                      const SweepSpread& spread = {});

}  // namespace panopticon
