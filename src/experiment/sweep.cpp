#include "panopticon/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>

#include "panopticon/atomic_file.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/tick_table.hpp"
#include "panopticon/world.hpp"
#include "panopticon/world_metrics.hpp"
#include "panopticon/world_run.hpp"

namespace panopticon {

namespace {

std::vector<std::string> factor_keys(const SweepPlan& plan) {
  std::vector<std::string> keys;
  for (const auto& f : plan.factors) keys.push_back(f.key);
  return keys;
}

std::vector<std::string> metric_names(const SweepPlan& plan) {
  std::vector<std::string> names;
  for (const auto& m : plan.metrics) names.push_back(m.ref.name);
  return names;
}

// series/run-000042.csv: the run id padded to the digits of the largest.
std::filesystem::path series_path(const std::filesystem::path& directory, std::size_t run_id,
                                  std::size_t runs) {
  const std::size_t digits = std::max<std::size_t>(1, fmt::format("{}", runs - 1).size());
  return directory / "series" / fmt::format("run-{:0{}}.csv", run_id, digits);
}

std::string series_text(const Model& model) {
  const ResultsTable& results = model.results();
  std::string text = tick_table_header(results.columns());
  for (std::size_t t = 0; t < results.rows(); ++t) {
    text += tick_table_row(static_cast<std::int64_t>(t), results.row(t));
  }
  return text;
}

}  // namespace

RunOutcome execute_run(const SweepPlan& plan, const DesignPoints& points, std::size_t run_id) {
  RunOutcome out;
  RunRecordRow& row = out.row;
  row.run_id = static_cast<std::int64_t>(run_id);
  row.point = static_cast<std::int64_t>(run_id / plan.replicates);
  row.replicate = static_cast<std::int64_t>(run_id % plan.replicates);
  row.seed = plan.seed + static_cast<std::uint64_t>(row.replicate);
  row.values = points.values.at(static_cast<std::size_t>(row.point));
  const auto t0 = std::chrono::steady_clock::now();
  try {
    if (plan.is_world()) {
      // The world with exports, one thread (runs go side by side).
      const WorldSpec world = load_world(
          plan.world_path, world_run_overrides(plan, points, static_cast<std::size_t>(row.point),
                                               static_cast<std::size_t>(row.replicate)));
      WorldOptions options;
      options.threads = 1;
      const WorldResult result = run_world(world, options);
      const std::vector<double> all = world_metrics(world, result);
      for (const auto& m : plan.metrics) row.metrics.push_back(all.at(m.ref.index));
      row.status = "ok";
    } else {
      const Scenario scenario = run_scenario(plan, points, static_cast<std::size_t>(row.point),
                                             static_cast<std::size_t>(row.replicate));
      const auto model = make_model(scenario);
      model->run_to_end();
      std::vector<MetricRef> refs;
      for (const auto& m : plan.metrics) refs.push_back(m.ref);
      row.metrics = measure_run(*model, scenario, refs);
      if (plan.series) out.series = series_text(*model);
      row.status = "ok";
    }
  } catch (const std::bad_alloc&) {
    row.status = "failed";
    row.message = "out of memory: an allocation failed during the run";
  } catch (const std::exception& e) {
    row.status = "failed";
    row.message = e.what();
  }
  if (row.status != "ok") {
    row.metrics.assign(plan.metrics.size(), std::numeric_limits<double>::quiet_NaN());
    out.series.clear();
  }
  row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

namespace {

template <typename T>
void put(std::string& out, T v) {
  std::array<char, sizeof(T)> bytes{};
  std::memcpy(bytes.data(), &v, sizeof(T));
  out.append(bytes.data(), sizeof(T));
}
void put_text(std::string& out, const std::string& text) {
  put<std::uint64_t>(out, text.size());
  out += text;
}

// Reads what put() wrote, never past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  std::string text() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string out(bytes_.substr(at_, n));
    at_ += n;
    return out;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > bytes_.size() - at_) throw std::runtime_error("a run's result arrived cut short");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode_outcome(const RunOutcome& outcome) {
  const RunRecordRow& row = outcome.row;
  std::string out;
  put(out, row.run_id);
  put(out, row.point);
  put(out, row.replicate);
  put(out, row.seed);
  put(out, row.wall_s);
  put_text(out, row.status);
  put_text(out, row.message);
  put_text(out, outcome.series);
  put<std::uint64_t>(out, row.metrics.size());
  for (const double v : row.metrics) put(out, v);
  return out;
}

RunOutcome decode_outcome(std::string_view bytes) {
  Reader in(bytes);
  RunOutcome out;
  RunRecordRow& row = out.row;
  row.run_id = in.get<std::int64_t>();
  row.point = in.get<std::int64_t>();
  row.replicate = in.get<std::int64_t>();
  row.seed = in.get<std::uint64_t>();
  row.wall_s = in.get<double>();
  row.status = in.text();
  row.message = in.text();
  out.series = in.text();
  const auto n = in.get<std::uint64_t>();
  if (n > bytes.size() / sizeof(double)) throw std::runtime_error("a run's result is malformed");
  for (std::uint64_t i = 0; i < n; ++i) row.metrics.push_back(in.get<double>());
  if (!in.done()) throw std::runtime_error("a run's result has bytes past its end");
  return out;
}

SweepStore::SweepStore(const SweepPlan& plan, const DesignPoints& points,
                       std::filesystem::path directory)
    : directory_(std::move(directory)),
      total_(run_count(plan, points)),
      store_(directory_, factor_keys(plan), metric_names(plan)) {
  if (const auto changed = store_.check_plan(plan_fingerprint(plan, points))) {
    throw ScenarioError(
        SourcePlace{plan.source, 0, 0}, "", "",
        fmt::format("the plan changed since the sweep in {} began: {}", directory_.string(),
                    *changed),
        "the plan that sweep began with, to finish it; or another --out; or --force, which "
        "deletes that sweep's store and tables");
  }
  std::vector<bool> done(total_, false);
  for (const std::int64_t id : store_.finished_runs()) {
    if (id >= 0 && static_cast<std::size_t>(id) < total_) done[static_cast<std::size_t>(id)] = true;
  }
  for (std::size_t id = 0; id < total_; ++id) {
    if (!done[id]) pending_.push_back(id);
  }
  if (plan.series && !pending_.empty()) std::filesystem::create_directories(directory_ / "series");
}

void SweepStore::record(const RunOutcome& outcome, bool kill_inside) {
  if (!outcome.series.empty()) {
    write_file_atomically(
        series_path(directory_, static_cast<std::size_t>(outcome.row.run_id), total_),
        outcome.series);
  }
  store_.record(outcome.row, kill_inside);
}

SweepResult finish_sweep(const SweepStore& store, DesignPoints points, std::size_t ran,
                         double wall_s) {
  SweepResult result;
  result.points = std::move(points);
  result.rows = store.rows();
  result.ran = ran;
  result.reused = store.total() - ran;
  result.failed = static_cast<std::size_t>(
      std::count_if(result.rows.begin(), result.rows.end(),
                    [](const RunRecordRow& r) { return r.status != "ok"; }));
  result.wall_s = wall_s;
  return result;
}

SweepRecorder::SweepRecorder(SweepStore& store, const SweepOptions& options)
    : store_(store), options_(options) {
  progress_.total = store.total();
  progress_.reused = store.reused();
  progress_.done = store.reused();
  if (options_.on_progress) options_.on_progress(progress_);
}

void SweepRecorder::record(const RunOutcome& outcome) {
  ++writes_;
  store_.record(outcome, options_.kill_in_store_write > 0 &&
                             writes_ == static_cast<std::size_t>(options_.kill_in_store_write));
  ++progress_.done;
  ++progress_.ran;
  progress_.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (options_.on_progress) options_.on_progress(progress_);
}

SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  DesignPoints points = design_points(plan);
  SweepStore store(plan, points, options.directory);
  const std::vector<std::size_t>& pending = store.pending();
  std::mutex store_mutex;
  SweepRecorder recorder(store, options);
  run_side_by_side(
      pending.size(),
      [&](std::size_t job) {
        const RunOutcome outcome = execute_run(plan, points, pending[job]);
        // A full disk stops the sweep (the first exception ends it); what
        // it finished is in the store.
        const std::lock_guard<std::mutex> lock(store_mutex);
        recorder.record(outcome);
      },
      options.workers);

  return finish_sweep(
      store, std::move(points), pending.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void remove_sweep_outputs(const std::filesystem::path& directory) {
  std::error_code ec;
  for (const char* name : {"sweep.sqlite", "sweep.sqlite-wal", "sweep.sqlite-shm", "runs.csv",
                           "points.csv", "effects.csv", "sensitivity.csv", "sweep.json"}) {
    std::filesystem::remove(directory / name, ec);
  }
  // Only the series files a sweep names: run-<digits>.csv.
  const std::filesystem::path series = directory / "series";
  if (!std::filesystem::is_directory(std::filesystem::symlink_status(series, ec))) return;
  for (const auto& entry : std::filesystem::directory_iterator(series, ec)) {
    const std::string name = entry.path().filename().string();
    const bool ours =
        name.starts_with("run-") && name.ends_with(".csv") && name.size() > 8 &&
        std::all_of(name.begin() + 4, name.end() - 4, [](char c) { return c >= '0' && c <= '9'; });
    if (ours && entry.is_regular_file(ec)) std::filesystem::remove(entry.path(), ec);
  }
  std::filesystem::remove(series, ec);  // only when empty
}

}  // namespace panopticon
