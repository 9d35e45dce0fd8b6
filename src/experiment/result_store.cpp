#include "panopticon/result_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <limits>

#include "panopticon/input_file.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// A prepared statement, finalized however the scope ends.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// A parameter's value as the store types it: whole numbers as INTEGER,
// other numbers as REAL, true and false as 1 and 0, a quoted string as its
// TEXT.
void bind_value(sqlite3_stmt* stmt, int index, const std::string& text) {
  if (text == "true" || text == "false") {
    sqlite3_bind_int(stmt, index, text == "true" ? 1 : 0);
    return;
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    sqlite3_bind_text(stmt, index, text.c_str() + 1, static_cast<int>(text.size() - 2),
                      SQLITE_TRANSIENT);
    return;
  }
  char* end = nullptr;
  const long long whole = std::strtoll(text.c_str(), &end, 10);
  if (end != nullptr && *end == '\0' && !text.empty()) {
    sqlite3_bind_int64(stmt, index, whole);
    return;
  }
  const double v = std::strtod(text.c_str(), &end);
  if (end != nullptr && *end == '\0' && !text.empty() && std::isfinite(v)) {
    sqlite3_bind_double(stmt, index, v);
    return;
  }
  sqlite3_bind_text(stmt, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* stmt, int index) {
  const unsigned char* t = sqlite3_column_text(stmt, index);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}

}  // namespace

ResultStore::ResultStore(const std::filesystem::path& directory,
                         std::vector<std::string> factor_keys,
                         std::vector<std::string> metric_names)
    : path_(directory / kStoreFile),
      factor_keys_(std::move(factor_keys)),
      metric_names_(std::move(metric_names)) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(path_, ec))) {
    if (const auto problem = not_a_regular_file(path_)) {
      throw StoreError(fmt::format(
          "{} {}; allowed: a sweep's store (a SQLite file this program wrote), or another --out",
          path_.string(), *problem));
    }
  }
  try {
    open();
  } catch (...) {
    // No destructor runs for a constructor that throws: the connection
    // SQLite allocated (even for a file it refused) is closed here.
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

void ResultStore::open() {
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    fail("opening");
  }
  sqlite3_busy_timeout(db_, 10000);
  {
    // WAL: a commit appends to the log, and a reader never sees a torn
    // transaction. synchronous = NORMAL keeps every commit through a
    // killed process (only a power cut may lose the last ones).
    Statement wal(db_, "PRAGMA journal_mode=WAL");
    if (!wal || sqlite3_step(wal.get()) != SQLITE_ROW) fail("opening");
    if (column_text(wal.get(), 0) != "wal") fail("switching to WAL mode");
  }
  exec("PRAGMA synchronous=NORMAL");
  std::string columns =
      "run_id INTEGER PRIMARY KEY, point INTEGER NOT NULL, replicate INTEGER NOT NULL, seed "
      "INTEGER NOT NULL, status TEXT NOT NULL, wall_s REAL NOT NULL, message TEXT NOT NULL";
  for (const auto& k : factor_keys_) columns += ", " + quoted(k);
  for (const auto& m : metric_names_) columns += ", " + quoted(m) + " REAL";
  exec("CREATE TABLE IF NOT EXISTS plan (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
  exec("CREATE TABLE IF NOT EXISTS runs (" + columns + ")");
}

ResultStore::~ResultStore() {
  sqlite3_close(db_);
}

void ResultStore::fail(const std::string& doing) const {
  const std::string said = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
  throw StoreError(fmt::format(
      "{}: {} failed: {} (SQLite); allowed: a sweep's store that this program wrote, or "
      "--force to start the sweep afresh (it deletes the store), or another --out",
      path_.string(), doing, said));
}

void ResultStore::exec(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string said = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError(fmt::format(
        "{}: {} (SQLite); allowed: a sweep's store that this program wrote, or --force to "
        "start the sweep afresh (it deletes the store), or another --out",
        path_.string(), said));
  }
}

std::optional<std::string> ResultStore::check_plan(
    const std::vector<std::pair<std::string, std::string>>& fingerprint) {
  std::vector<std::pair<std::string, std::string>> stored;
  {
    Statement select(db_, "SELECT name, value FROM plan");
    if (!select) fail("reading the plan");
    int rc = 0;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      stored.emplace_back(column_text(select.get(), 0), column_text(select.get(), 1));
    }
    if (rc != SQLITE_DONE) fail("reading the plan");
  }
  if (stored.empty()) {
    exec("BEGIN IMMEDIATE");
    Statement insert(db_, "INSERT INTO plan (name, value) VALUES (?, ?)");
    if (!insert) fail("recording the plan");
    for (const auto& [name, value] : fingerprint) {
      sqlite3_bind_text(insert.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) fail("recording the plan");
      sqlite3_reset(insert.get());
    }
    exec("COMMIT");
    return std::nullopt;
  }
  for (const auto& entry : fingerprint) {
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    const auto it = std::find_if(stored.begin(), stored.end(),
                                 [&name](const auto& s) { return s.first == name; });
    if (it == stored.end()) return fmt::format("{} was not recorded, is now {}", name, value);
    if (it->second == value) continue;
    if (name == "scenario") {
      // The first line that differs, not two whole scenarios.
      std::size_t a = 0;
      std::size_t b = 0;
      while (true) {
        const std::size_t ea = it->second.find('\n', a);
        const std::size_t eb = value.find('\n', b);
        const std::string la = it->second.substr(a, ea == std::string::npos ? ea : ea - a);
        const std::string lb = value.substr(b, eb == std::string::npos ? eb : eb - b);
        if (la != lb || ea == std::string::npos || eb == std::string::npos) {
          return fmt::format("the base scenario (with [set]) had `{}`, now has `{}`", la, lb);
        }
        a = ea + 1;
        b = eb + 1;
      }
    }
    return fmt::format("{} was {}, is now {}", name, it->second, value);
  }
  return std::nullopt;
}

std::vector<std::int64_t> ResultStore::finished_runs() const {
  std::vector<std::int64_t> out;
  Statement select(db_, "SELECT run_id FROM runs WHERE status = 'ok' ORDER BY run_id");
  if (!select) fail("reading the runs");
  int rc = 0;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    out.push_back(sqlite3_column_int64(select.get(), 0));
  }
  if (rc != SQLITE_DONE) fail("reading the runs");
  return out;
}

void ResultStore::record(const RunRecordRow& row, bool kill_inside) {
  std::string names = "run_id, point, replicate, seed, status, wall_s, message";
  std::string marks = "?, ?, ?, ?, ?, ?, ?";
  for (const auto& k : factor_keys_) {
    names += ", " + quoted(k);
    marks += ", ?";
  }
  for (const auto& m : metric_names_) {
    names += ", " + quoted(m);
    marks += ", ?";
  }
  exec("BEGIN IMMEDIATE");
  {
    Statement insert(db_, "INSERT OR REPLACE INTO runs (" + names + ") VALUES (" + marks + ")");
    if (!insert) fail("writing a run");
    sqlite3_stmt* s = insert.get();
    sqlite3_bind_int64(s, 1, row.run_id);
    sqlite3_bind_int64(s, 2, row.point);
    sqlite3_bind_int64(s, 3, row.replicate);
    sqlite3_bind_int64(s, 4, static_cast<sqlite3_int64>(row.seed));
    sqlite3_bind_text(s, 5, row.status.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(s, 6, row.wall_s);
    sqlite3_bind_text(s, 7, row.message.c_str(), -1, SQLITE_TRANSIENT);
    int at = 8;
    for (std::size_t i = 0; i < factor_keys_.size(); ++i) {
      bind_value(s, at++, i < row.values.size() ? row.values[i] : std::string());
    }
    for (std::size_t i = 0; i < metric_names_.size(); ++i) {
      const double v = i < row.metrics.size() ? row.metrics[i] : kNaN;
      if (std::isnan(v)) {
        sqlite3_bind_null(s, at++);
      } else {
        sqlite3_bind_double(s, at++, v);
      }
    }
    if (sqlite3_step(s) != SQLITE_DONE) {
      exec("ROLLBACK");
      fail(fmt::format("writing run {}", row.run_id));
    }
  }
  if (kill_inside) std::raise(SIGKILL);
  exec("COMMIT");
}

std::vector<RunRecordRow> ResultStore::rows() const {
  std::string names = "run_id, point, replicate, seed, status, wall_s, message";
  for (const auto& k : factor_keys_) names += ", " + quoted(k);
  for (const auto& m : metric_names_) names += ", " + quoted(m);
  Statement select(db_, "SELECT " + names + " FROM runs ORDER BY run_id");
  if (!select) fail("reading the runs");
  std::vector<RunRecordRow> out;
  int rc = 0;
  sqlite3_stmt* s = select.get();
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    RunRecordRow row;
    row.run_id = sqlite3_column_int64(s, 0);
    row.point = sqlite3_column_int64(s, 1);
    row.replicate = sqlite3_column_int64(s, 2);
    row.seed = static_cast<std::uint64_t>(sqlite3_column_int64(s, 3));
    row.status = column_text(s, 4);
    row.wall_s = sqlite3_column_double(s, 5);
    row.message = column_text(s, 6);
    int at = 7;
    for (std::size_t i = 0; i < factor_keys_.size(); ++i)
      row.values.push_back(column_text(s, at++));
    for (std::size_t i = 0; i < metric_names_.size(); ++i, ++at) {
      row.metrics.push_back(
          sqlite3_column_type(s, at) == SQLITE_NULL ? kNaN : sqlite3_column_double(s, at));
    }
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) fail("reading the runs");
  return out;
}

}  // namespace panopticon
