#include "panopticon/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <new>

#include "panopticon/atomic_file.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/tick_table.hpp"

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

std::vector<MetricRef> metric_refs(const SweepPlan& plan) {
  std::vector<MetricRef> refs;
  for (const auto& m : plan.metrics) refs.push_back(m.ref);
  return refs;
}

// series/run-000042.csv: the run id padded to the digits of the largest.
std::filesystem::path series_path(const std::filesystem::path& directory, std::size_t run_id,
                                  std::size_t runs) {
  const std::size_t digits = std::max<std::size_t>(1, fmt::format("{}", runs - 1).size());
  return directory / "series" / fmt::format("run-{:0{}}.csv", run_id, digits);
}

void write_series(const Model& model, const std::filesystem::path& path) {
  const ResultsTable& results = model.results();
  std::string text = tick_table_header(results.columns());
  for (std::size_t t = 0; t < results.rows(); ++t) {
    text += tick_table_row(static_cast<std::int64_t>(t), results.row(t));
  }
  write_file_atomically(path, text);
}

}  // namespace

SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SweepResult result;
  result.points = design_points(plan);
  const std::size_t total = run_count(plan, result.points);
  ResultStore store(options.directory, factor_keys(plan), metric_names(plan));
  if (const auto changed = store.check_plan(plan_fingerprint(plan, result.points))) {
    throw ScenarioError(
        SourcePlace{plan.source, 0, 0}, "", "",
        fmt::format("the plan changed since the sweep in {} began: {}", options.directory.string(),
                    *changed),
        fmt::format("the plan that sweep began with, to finish it; or another --out; or --force, "
                    "which deletes that sweep's store and tables"));
  }
  std::vector<bool> done(total, false);
  for (const std::int64_t id : store.finished_runs()) {
    if (id >= 0 && static_cast<std::size_t>(id) < total) done[static_cast<std::size_t>(id)] = true;
  }
  std::vector<std::size_t> pending;
  for (std::size_t id = 0; id < total; ++id) {
    if (!done[id]) pending.push_back(id);
  }
  result.reused = total - pending.size();
  if (plan.series && !pending.empty()) {
    std::filesystem::create_directories(options.directory / "series");
  }

  const std::vector<MetricRef> refs = metric_refs(plan);
  std::mutex store_mutex;
  SweepProgress progress;
  progress.total = total;
  progress.reused = result.reused;
  progress.done = result.reused;
  std::size_t writes = 0;
  if (options.on_progress) options.on_progress(progress);

  run_side_by_side(
      pending.size(),
      [&](std::size_t job) {
        const std::size_t id = pending[job];
        RunRecordRow row;
        row.run_id = static_cast<std::int64_t>(id);
        row.point = static_cast<std::int64_t>(id / plan.replicates);
        row.replicate = static_cast<std::int64_t>(id % plan.replicates);
        row.seed = plan.seed + static_cast<std::uint64_t>(row.replicate);
        row.values = result.points.values[static_cast<std::size_t>(row.point)];
        const auto t0 = std::chrono::steady_clock::now();
        try {
          const Scenario scenario =
              run_scenario(plan, result.points, static_cast<std::size_t>(row.point),
                           static_cast<std::size_t>(row.replicate));
          const auto model = make_model(scenario);
          model->run_to_end();
          row.metrics = measure_run(*model, scenario, refs);
          if (plan.series) write_series(*model, series_path(options.directory, id, total));
          row.status = "ok";
        } catch (const DiskFullError&) {
          throw;  // the sweep stops; what it finished is in the store
        } catch (const std::bad_alloc&) {
          row.status = "failed";
          row.message = "out of memory: an allocation failed during the run";
        } catch (const std::exception& e) {
          row.status = "failed";
          row.message = e.what();
        }
        if (row.status != "ok") {
          row.metrics.assign(refs.size(), std::numeric_limits<double>::quiet_NaN());
        }
        row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const std::lock_guard<std::mutex> lock(store_mutex);
        ++writes;
        store.record(row, options.kill_in_store_write > 0 &&
                              writes == static_cast<std::size_t>(options.kill_in_store_write));
        ++progress.done;
        ++progress.ran;
        progress.elapsed_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (options.on_progress) options.on_progress(progress);
      },
      options.workers);

  result.ran = pending.size();
  result.rows = store.rows();
  result.failed = static_cast<std::size_t>(
      std::count_if(result.rows.begin(), result.rows.end(),
                    [](const RunRecordRow& r) { return r.status != "ok"; }));
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void remove_sweep_outputs(const std::filesystem::path& directory) {
  std::error_code ec;
  for (const char* name : {"sweep.sqlite", "sweep.sqlite-wal", "sweep.sqlite-shm", "runs.csv",
                           "points.csv", "effects.csv", "sensitivity.csv"}) {
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
