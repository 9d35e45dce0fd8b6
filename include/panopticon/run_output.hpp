#pragma once
// The files of a run in its output directory:
//   ticks.csv      one row per tick (tick_table.hpp)
//   summary.json   outbursts, waiting times, activation, peaks (summary.hpp)
//   metadata.json  the resolved scenario, seed and program version
// Each is written under a temporary name and renamed when the run ends, so
// an aborted run leaves no half-written file; ticks.csv is flushed as it goes.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "panopticon/atomic_file.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/simulation.hpp"
#include "panopticon/summary.hpp"

namespace panopticon {

class RunOutput {
 public:
  RunOutput(std::filesystem::path directory, const Scenario& scenario,
            std::vector<Override> overrides);
  void record(const TickCounts& counts);
  // Writes summary and metadata and renames every file into place.
  RunSummary finish();

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  const Scenario& scenario_;
  std::vector<Override> overrides_;
  std::unique_ptr<AtomicFile> ticks_;
  std::vector<TickCounts> rows_;
};

std::string summary_json(const RunSummary& summary);
std::string metadata_json(const Scenario& scenario, const std::vector<Override>& overrides);

}  // namespace panopticon
