#pragma once
// A run from start to finish into an output directory, with checkpoints
// every N ticks, and the resumption of a run that was killed: the finished
// outputs of a resumed run are byte-identical to those of a run that was
// never interrupted (the state, the random streams and the rows written so
// far are all in the checkpoint; rows written after it are cut and redone).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/memory_estimate.hpp"
#include "panopticon/model.hpp"
#include "panopticon/run_output.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

// Test hook: "kill-in-checkpoint=N" kills the process with SIGKILL halfway
// through writing the run's N-th checkpoint (counted from 1), leaving a torn
// temporary file behind, to show a killed run resumes exactly.
// "skip-memory-check" lets a run past the memory estimate
// (memory_estimate.hpp), to test how an allocation failure is reported.
// "kill-in-store-write=N" kills a sweep with SIGKILL inside its N-th write
// to the results store, after the row and before the commit (sweep.hpp).
struct FaultInjection {
  int kill_in_checkpoint = 0;   // 0: never
  int kill_in_store_write = 0;  // 0: never
  bool skip_memory_check = false;
};
// From the environment variable PANOPTICON_FAULT_INJECT (the programs read
// it at their edge; the library never reads the environment).
FaultInjection fault_injection_from_environment();

struct RunOptions {
  std::filesystem::path directory;
  // Ticks between checkpoints; 0: none. A fresh run without it writes none;
  // a resume without it keeps the interval the checkpoint records.
  std::optional<std::int64_t> checkpoint_every;
  // Called after every tick with the simulation (progress bars, speed).
  std::function<void(const Model&)> on_tick;
  // How the simulation is made, fresh or from a checkpoint: make_model()
  // and load_model() when empty; a simulation split across processes
  // (distributed.hpp) passes its own.
  std::function<std::unique_ptr<Model>(const Scenario&)> make;
  std::function<std::unique_ptr<Model>(const Scenario&, CheckpointReader&)> load;
  // Whether this process writes the outputs and checkpoints. Every process
  // of a split simulation runs the driver (checkpoints are collective), and
  // one writes; the others' RunResult has no summary.
  bool writes_outputs = true;
  FaultInjection fault;
  // When set, a scenario whose memory estimate exceeds it is refused
  // (check_memory) before anything of its size is allocated, fresh or
  // resumed (the scenario a checkpoint holds).
  std::optional<MemoryLimit> memory_limit;
};

struct RunResult {
  Scenario scenario;  // as run (for a resumed run, from the checkpoint)
  RunSummary summary;
  std::int64_t resumed_from = -1;  // the checkpoint tick, or -1 for a fresh run
  std::uint64_t agent_steps = 0;   // agent-steps done by this process
  std::uint64_t citizens = 0;
  std::uint64_t final_cops = 0;
  // With the compliance layer: metric_specs() over the whole run; else empty.
  std::vector<double> compliance_metrics;
};

// The overrides of a command line: --set key=value, --steps, --seed (as
// typed: a number within model.steps' and model.seed's bounds, else a
// ScenarioError quoting the option, option_number.hpp).
std::vector<Override> collect_overrides(const std::vector<std::string>& sets,
                                        const std::optional<std::string>& steps,
                                        const std::optional<std::string>& seed);
// --checkpoint-every as typed: a whole number from 0 (none) to model.steps'
// maximum, else a ScenarioError quoting it; nothing when it was not given.
std::optional<std::int64_t> checkpoint_interval(const std::optional<std::string>& text);
// --out, or output/<the scenario file's stem> when it is empty.
std::filesystem::path output_directory(const std::string& out, const std::string& scenario_path);
// Creates `directory` and checks a file can be written there; a
// ScenarioError naming --out otherwise.
void check_writable(const std::filesystem::path& directory);

// Before a fresh run into `directory` (which its process has locked,
// output_lock.hpp): a checkpoint there belongs to an unfinished run, which
// the fresh run would destroy, so it is refused with a CheckpointError that
// says how to resume it or start afresh, unless `force` (--force), which
// deletes it.
void prepare_fresh_start(const std::filesystem::path& directory, bool force);

// Runs `scenario` from tick 0.
RunResult run_fresh(const Scenario& scenario, const std::vector<Override>& overrides,
                    const RunOptions& options);

// Continues the run in options.directory from its checkpoint, with the
// checkpoint interval the checkpoint records unless options set another.
// With `expected`, the checkpoint must belong to that resolved scenario.
// Throws CheckpointError when there is no usable checkpoint.
RunResult resume(const RunOptions& options, const std::optional<Scenario>& expected = std::nullopt);

// What a checkpoint holds besides the simulation's state, which follows it
// (the model's state holds the results rows up to the checkpoint's tick).
struct RunRecord {
  Scenario scenario;
  std::vector<Override> overrides;
  std::uint64_t ticks_bytes = 0;  // length of ticks.csv.partial at the checkpoint
  // The interval in ticks the run was writing checkpoints at (0: none),
  // which a resume keeps unless told otherwise.
  std::int64_t checkpoint_every = 0;
};
RunRecord read_run_record(CheckpointReader& in);

// The run record a checkpoint starts with (the model's state follows it).
void put_run_record(CheckpointWriter& w, const RunOutput& out, const Scenario& scenario,
                    std::int64_t checkpoint_every);

}  // namespace panopticon
