#pragma once
// `panopticon sweep`: every run of a plan (sweep_plan.hpp), side by side on
// the process's threads, each run single-threaded, each run's row written
// to the results store (result_store.hpp) as it ends; then the tables. A
// sweep started again into the same directory skips the runs the store
// holds as finished, so a killed sweep finishes without redoing or losing
// any, and its tables are an uninterrupted sweep's: they are made from the
// store, sorted by run id, and hold nothing that depends on the order runs
// ended in or on their wall time (which the store keeps).
//
// Outputs in DIR: sweep.sqlite; runs.csv (a row per run: run_id, point,
// replicate, seed, status, each varied parameter, each metric); points.csv
// (a row per point: its parameters, the runs that finished, and for each
// metric over its replicates where defined: n, mean, standard error,
// median, 10th and 90th percentiles); effects.csv for a two-level design
// (main effects and two-way interactions); series/run-N.csv, the per-tick
// table of each run, when the plan asks for series.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/result_store.hpp"
#include "panopticon/sweep_plan.hpp"

namespace panopticon {

struct SweepProgress {
  std::size_t done = 0;  // runs in the store, reused ones included
  std::size_t total = 0;
  std::size_t reused = 0;  // finished by an earlier start of the sweep
  double elapsed_s = 0.0;  // since this start
  std::size_t ran = 0;     // runs this start finished
};

struct SweepOptions {
  std::filesystem::path directory;
  int workers = 0;  // runs side by side; 0: the process's thread budget
  // Called as each run ends (one call at a time).
  std::function<void(const SweepProgress&)> on_progress;
  // Test hook: SIGKILL inside the N-th store write of this process
  // (PANOPTICON_FAULT_INJECT=kill-in-store-write=N); 0: never.
  int kill_in_store_write = 0;
};

struct SweepResult {
  DesignPoints points;
  std::vector<RunRecordRow> rows;  // every run, by run id
  std::size_t ran = 0;
  std::size_t reused = 0;
  std::size_t failed = 0;
  double wall_s = 0.0;
};

// One run of a sweep as a worker does it, in this process or on another
// rank: the row for the store, and with series the run's per-tick table.
struct RunOutcome {
  RunRecordRow row;
  std::string series;  // ticks.csv's text; empty without series
};
RunOutcome execute_run(const SweepPlan& plan, const DesignPoints& points, std::size_t run_id);

// A RunOutcome as bytes, for another rank (the row's values are not in
// it: they follow from its point); decode_outcome throws
// std::runtime_error for bytes that are no encoded outcome.
std::string encode_outcome(const RunOutcome& outcome);
RunOutcome decode_outcome(std::string_view bytes);

// A sweep's store in its directory and what it still lacks: opened (or
// made) and checked against the plan's fingerprint on construction
// (ScenarioError naming what changed); the runs it holds as finished are
// not pending.
class SweepStore {
 public:
  SweepStore(const SweepPlan& plan, const DesignPoints& points, std::filesystem::path directory);
  const std::vector<std::size_t>& pending() const { return pending_; }
  std::size_t total() const { return total_; }
  std::size_t reused() const { return total_ - pending_.size(); }
  // The run's series file (atomically), then its row (a transaction). With
  // `kill_inside`, SIGKILL inside that transaction (the test hook).
  void record(const RunOutcome& outcome, bool kill_inside = false);
  std::vector<RunRecordRow> rows() const { return store_.rows(); }

 private:
  std::filesystem::path directory_;
  std::size_t total_ = 0;
  ResultStore store_;
  std::vector<std::size_t> pending_;
};

// Records each finished run into a store as a sweep's driver does (one
// process or rank 0), counts the writes for the kill-in-store-write hook,
// and tells options.on_progress; it reports the start at construction.
class SweepRecorder {
 public:
  SweepRecorder(SweepStore& store, const SweepOptions& options);
  void record(const RunOutcome& outcome);

 private:
  SweepStore& store_;
  const SweepOptions& options_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  SweepProgress progress_;
  std::size_t writes_ = 0;
};

// The result of a sweep whose runs are all in `store`.
SweepResult finish_sweep(const SweepStore& store, DesignPoints points, std::size_t ran,
                         double wall_s);

// Runs what the store in options.directory does not hold yet. Throws
// ScenarioError when the store belongs to another plan (naming what
// changed), StoreError when it cannot be used.
SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options);

// runs.csv, points.csv and, for a two-level design, effects.csv, written
// atomically into `directory`.
void write_sweep_tables(const SweepPlan& plan, const SweepResult& result,
                        const std::filesystem::path& directory);

// The outputs a sweep writes into a directory (for --force, which removes
// them and nothing else): the store with its WAL files, the tables, the
// series files.
void remove_sweep_outputs(const std::filesystem::path& directory);

// Each point's mean of metric `metric` over its finished replicates where
// defined (NaN where none is), in point order: what the sensitivity
// estimators take.
std::vector<double> point_means(const SweepResult& result, std::size_t metric);

// The q-quantile of sorted values by linear interpolation between order
// statistics (numpy's default, Hyndman and Fan's type 7); NaN when empty.
double quantile_sorted(std::span<const double> sorted, double q);

}  // namespace panopticon
