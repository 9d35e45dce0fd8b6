#pragma once
// `panopticon world WORLD.toml`: a world of countries and the export
// between them (world.hpp, world_run.hpp, world_tables.hpp), run with and
// without exports on common random numbers, into an output directory.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "panopticon/memory_estimate.hpp"

namespace panopticon {

struct WorldCommand {
  CLI::App* world = nullptr;
  std::string file;
  std::string out;
  std::string replicates = "1";
  std::string threads = "0";
  bool no_baseline = false;
  bool force = false;
  bool check = false;
  bool chosen() const { return world != nullptr && world->parsed(); }
};

void add_world_command(CLI::App& app, WorldCommand& command);

// Exit status 0; errors in the world file or the directory are thrown for
// the program's handlers (exit 2).
int run_world_command(const WorldCommand& command, const std::optional<MemoryLimit>& memory_limit);

}  // namespace panopticon
