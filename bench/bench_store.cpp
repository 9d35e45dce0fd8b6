// The results store's cost per run (result_store.hpp), against what a run
// of Run 2 costs: writes ROWS rows of a sweep of 2 parameters and METRICS
// metrics, each in its own transaction as a sweep writes them, into a fresh
// store in DIR, and prints the mean time per row; then times RUNS runs of
// Run 2 (40x40, 1,000 ticks) with the sweep's own code and prints the
// store's share of a run.
//   bench_store [DIR [ROWS [METRICS [RUNS]]]]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "panopticon/result_store.hpp"
#include "panopticon/sweep.hpp"
#include "panopticon/sweep_plan.hpp"

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : "bench-store";
  const long rows = argc > 2 ? std::atol(argv[2]) : 2000;
  const long metrics = argc > 3 ? std::atol(argv[3]) : 8;
  const long runs = argc > 4 ? std::atol(argv[4]) : 20;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  std::vector<std::string> names;
  for (long m = 0; m < metrics; ++m) names.push_back("metric_" + std::to_string(m));
  double store_seconds = 0.0;
  {
    panopticon::ResultStore store(dir, {"legitimacy.initial", "cops.density"}, names);
    store.check_plan({{"bench", "1"}});
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < rows; ++i) {
      panopticon::RunRecordRow row;
      row.run_id = i;
      row.point = i / 10;
      row.replicate = i % 10;
      row.seed = 1 + static_cast<std::uint64_t>(i % 10);
      row.status = "ok";
      row.wall_s = 0.1;
      row.values = {"0.82", "0.04"};
      row.metrics.assign(static_cast<std::size_t>(metrics), 1.0 / static_cast<double>(i + 1));
      store.record(row);
    }
    store_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
        static_cast<double>(rows);
  }
  std::printf("store: %ld rows of %ld metrics, %.1f us per row (its own transaction)\n", rows,
              metrics, store_seconds * 1e6);

  const std::string root = PANOPTICON_SOURCE_DIR;
  const panopticon::SweepPlan plan = panopticon::parse_plan(
      "[sweep]\nscenario = \"" + root +
          "/scenarios/epstein-2002/run2.toml\"\ndesign = \"factorial\"\nreplicates = " +
          std::to_string(runs) +
          "\nmetrics = [\"peak_active\", \"outbursts\"]\n[set]\n\"model.steps\" = 1000\n"
          "[[vary]]\nkey = \"legitimacy.initial\"\nvalues = [0.82]\n",
      "bench.toml", ".");
  const panopticon::DesignPoints points = panopticon::design_points(plan);
  const auto start = std::chrono::steady_clock::now();
  for (long r = 0; r < runs; ++r) {
    (void)panopticon::execute_run(plan, points, static_cast<std::size_t>(r));
  }
  const double run_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
      static_cast<double>(runs);
  std::printf("run: Run 2, 40x40, 1000 ticks: %.1f ms per run (mean of %ld)\n", run_seconds * 1e3,
              runs);
  std::printf("store share of a run: %.3f%%\n", 100.0 * store_seconds / run_seconds);
  std::filesystem::remove_all(dir);
  return 0;
}
