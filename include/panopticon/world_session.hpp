#pragma once
// A world's whole command: every replicate, with exports and (with a
// baseline) without, one after the other, checkpointed after every few
// simulated years so that a killed run resumes exactly where it stopped.
// The checkpoint (a checkpoint file, checkpoint.hpp) holds the world
// file's fingerprint, the finished worlds' results and the running world's
// whole state (WorldSimulation::walk_state); a resume of another world
// file, or with other replicates or baseline, is refused.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/world_tables.hpp"

namespace panopticon {

struct WorldSessionOptions {
  int replicates = 1;
  bool baseline = true;
  // Each world's options (threads, a spread over processes); the session
  // sets replicate and exports.
  WorldOptions world;
  std::filesystem::path checkpoint;  // empty: none is written
  int checkpoint_years = 1;          // a checkpoint after every this many years run
  bool resume = false;               // continue from `checkpoint`
  // Called after every year run: world-years done and in all.
  std::function<void(std::int64_t done, std::int64_t total)> on_progress;
  // For tests: return nothing right after the checkpoint that follows this
  // many world-years (0: never), as a run killed there would leave it.
  std::int64_t stop_after_years = 0;
};

// What must match for a checkpoint to resume: a hash of the world file's
// text, the country scenarios' texts and the program version.
std::string world_fingerprint(const WorldSpec& world);

// The runs, or nothing when stopped by stop_after_years. Throws
// CheckpointError for a checkpoint that cannot be resumed (naming why).
std::optional<std::vector<WorldReplicate>> run_world_session(const WorldSpec& world,
                                                             const WorldSessionOptions& options);

}  // namespace panopticon
