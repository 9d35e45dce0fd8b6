#pragma once
// `panopticon world WORLD.toml`: a world of countries and the export
// between them (world.hpp, world_run.hpp, world_tables.hpp), run with and
// without exports on common random numbers, into an output directory.
#include <CLI/CLI.hpp>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/memory_estimate.hpp"
#include "panopticon/world.hpp"
#include "panopticon/world_run.hpp"

namespace panopticon {

struct WorldCommand {
  CLI::App* world = nullptr;
  std::string file;
  std::string out;
  std::string replicates = "1";
  std::string threads = "0";
  std::string checkpoint_years = "1";
  bool resume = false;
  std::vector<std::string> sets;
  bool no_baseline = false;
  bool force = false;
  bool check = false;
  bool chosen() const { return world != nullptr && world->parsed(); }
};

void add_world_command(CLI::App& app, WorldCommand& command);

// How a world is spread: over this process's threads (nothing to set), or
// over MPI ranks (panopticon_mpi sets each world's options, and only its
// rank 0 holds the directory, writes and prints).
struct WorldSpread {
  std::function<void(const WorldSpec&, WorldOptions&)> configure;
  bool writes = true;
  std::string how;  // "2 MPI ranks"
  // Whether every process may go on: called on all of them once the one
  // that writes has checked its directory (false there: it failed).
  std::function<bool(bool ok)> agree;
  // Set once every process agreed to go on: an error after it strikes one
  // process while the others wait in a year's exchange.
  bool* started = nullptr;
};

// Exit status 0; errors in the world file or the directory are thrown for
// the program's handlers (exit 2).
int run_world_command(const WorldCommand& command, const std::optional<MemoryLimit>& memory_limit,
                      const WorldSpread& spread = {});

}  // namespace panopticon
