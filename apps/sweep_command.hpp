#pragma once
// `panopticon sweep PLAN` and `panopticon sensitivity PLAN`: the command
// line of sweeps (sweep.hpp) and of their sensitivity indices
// (sensitivity_report.hpp).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "panopticon/memory_estimate.hpp"
#include "panopticon/run_driver.hpp"

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

// Exit status: 0 when every run finished, 1 when some failed (the store
// keeps why, and a rerun retries them); errors in the plan, the directory
// or the store are thrown for the program's handlers (exit 2).
int run_sweep_command(const SweepCommand& command, const FaultInjection& fault,
                      const std::optional<MemoryLimit>& memory_limit);

}  // namespace panopticon
