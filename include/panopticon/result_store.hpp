#pragma once
// A sweep's results store: DIR/sweep.sqlite, a SQLite database in WAL mode
// with one row per finished run, each written in a transaction of its own
// as the run ends, so that a sweep killed at any moment (SIGKILL included)
// keeps every run it finished and no torn row: SQLite's journal rolls an
// unfinished transaction back when the database is next opened. The plan's
// fingerprint (sweep_plan.hpp) is stored with it; a sweep resumes into a
// store only under the same fingerprint.
//
// Tables: `plan` (name, value): the fingerprint; `runs`: run_id, point,
// replicate, seed, status ("ok" or "failed"), wall_s, message, then a
// column per varied parameter (named by its key) and per metric (named as
// the plan names it). An undefined metric is NULL.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace panopticon {

// A store that cannot be opened, read or written, or is not a sweep's:
// what() names the file and what SQLite said.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunRecordRow {
  std::int64_t run_id = 0;
  std::int64_t point = 0;
  std::int64_t replicate = 0;
  std::uint64_t seed = 0;
  std::string status;  // "ok" or "failed"
  double wall_s = 0.0;
  std::string message;              // why a run failed; empty when ok
  std::vector<std::string> values;  // one per factor, as TOML text
  std::vector<double> metrics;      // one per metric; NaN where undefined
};

inline constexpr const char* kStoreFile = "sweep.sqlite";

class ResultStore {
 public:
  // Opens DIR/sweep.sqlite, creating it with these columns when it does
  // not exist.
  ResultStore(const std::filesystem::path& directory, std::vector<std::string> factor_keys,
              std::vector<std::string> metric_names);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  // Records `fingerprint` in a new store; in a store that has one, the
  // first entry that differs, as "NAME was OLD, is now NEW" (nothing when
  // they agree).
  std::optional<std::string> check_plan(
      const std::vector<std::pair<std::string, std::string>>& fingerprint);

  // The runs finished with status "ok".
  std::vector<std::int64_t> finished_runs() const;
  // Writes (or replaces) one run's row in a transaction of its own.
  // `kill_inside` (a test hook) kills the process with SIGKILL after the
  // row is written and before the transaction commits.
  void record(const RunRecordRow& row, bool kill_inside = false);
  // Every row, by run id.
  std::vector<RunRecordRow> rows() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  void open();  // the constructor's work: the connection, WAL, the tables
  void exec(const std::string& sql) const;
  [[noreturn]] void fail(const std::string& doing) const;

  std::filesystem::path path_;
  std::vector<std::string> factor_keys_;
  std::vector<std::string> metric_names_;
  sqlite3* db_ = nullptr;
};

}  // namespace panopticon
