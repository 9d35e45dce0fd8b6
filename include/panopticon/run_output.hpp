#pragma once
// The files of a run in its output directory:
//   ticks.csv       one row per tick (tick_table.hpp)
//   summary.json    outbursts, waiting times, activation, peaks (summary.hpp)
//   metadata.json   the resolved scenario, seed and program version
// Each is written under a temporary name and renamed when the run ends, so
// an aborted run leaves no half-written file under these names. ticks.csv
// grows as ticks.csv.partial and is flushed every tick; with checkpoints on,
// checkpoint.bin holds the state of the last checkpoint tick and the length
// of ticks.csv.partial then, so a killed run resumes exactly (run_driver.hpp).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/atomic_file.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/summary.hpp"

namespace panopticon {

inline constexpr const char* kTicksFile = "ticks.csv";
inline constexpr const char* kTicksPartialFile = "ticks.csv.partial";
inline constexpr const char* kCheckpointFile = "checkpoint.bin";

class RunOutput {
 public:
  // A fresh run.
  RunOutput(std::filesystem::path directory, const Scenario& scenario,
            std::vector<Override> overrides);
  // A resumed run: the length ticks.csv.partial had at the checkpoint.
  RunOutput(std::filesystem::path directory, const Scenario& scenario,
            std::vector<Override> overrides, std::uint64_t ticks_bytes);
  // Records the tick the model has just finished (its last results row).
  void record(const Model& model);
  // Writes summary and metadata, renames every file into place and removes
  // the checkpoint.
  RunSummary finish(const Model& model);

  const std::filesystem::path& directory() const { return directory_; }
  const std::vector<Override>& overrides() const { return overrides_; }
  std::uint64_t ticks_bytes() const { return ticks_->bytes_written(); }

 private:
  std::filesystem::path directory_;
  const Scenario& scenario_;
  std::vector<Override> overrides_;
  std::unique_ptr<AtomicFile> ticks_;
};

// With a compliance layer, its metrics over the summary windows are added.
std::string summary_json(const RunSummary& summary, const Model* model = nullptr);
std::string metadata_json(const Scenario& scenario, const std::vector<Override>& overrides);

}  // namespace panopticon
