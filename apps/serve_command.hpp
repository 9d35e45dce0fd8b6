#pragma once
// `panopticon serve SCENARIO|WORLD [--port P]`: the live viewer, of one
// scenario or of a world's countries (a world file). A page on
// 127.0.0.1 only (cpp-httplib), its files built into the program
// (web/viewer/, embedded by cmake/EmbedFiles.cmake: nothing is fetched at
// run time), and the server's own API over one ViewerSession
// (viewer_session.hpp); docs/viewer.md describes both.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/memory_estimate.hpp"

namespace panopticon {

struct ServeCommand {
  CLI::App* serve = nullptr;
  std::string scenario;
  int port = 8765;
  std::vector<std::string> sets;
  std::string seed;
  std::string frame_side = "500";
  std::string threads = "0";
  bool no_layer = false;
  bool chosen() const { return serve != nullptr && serve->parsed(); }
};

void add_serve_command(CLI::App& app, ServeCommand& command);

// Serves until SIGINT or SIGTERM; returns 0. Errors in the scenario or a
// port that cannot be had are thrown for the program's handlers (exit 2).
int run_serve_command(const ServeCommand& command, const std::optional<MemoryLimit>& memory_limit);

}  // namespace panopticon
