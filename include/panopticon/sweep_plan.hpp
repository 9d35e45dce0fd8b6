#pragma once
// A sweep plan (PLAN.toml): the base scenario, what is fixed, the
// parameters that vary and over what, the design that picks the points,
// the replicates per point and the metrics to collect. Read and checked
// whole before anything runs: every value against its parameter, every
// design point as a scenario, the metrics by name, the run count against
// the plan's limit; a mistake is a ScenarioError naming plan:line:column,
// the key and what is allowed. docs/experiments.md describes the format.
//
// Seeds: replicate r of every point runs with seed + r, so that points
// are compared on common random numbers (random.hpp), as compare pairs are.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "panopticon/design.hpp"
#include "panopticon/parameter.hpp"
#include "panopticon/run_metrics.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/two_level_design.hpp"

namespace panopticon {

enum class DesignKind : std::uint8_t {
  kFactorial,       // every combination of each factor's values
  kLatinHypercube,  // `samples` points, uniform over each factor's range
  kSobol,           // Saltelli's design for Sobol indices: samples x (factors + 2) points
  kMorris,          // `samples` trajectories of factors + 1 points
  kTwoLevel,        // 2^k, or a fraction of a chosen resolution, of two values per factor
};
std::string_view to_string(DesignKind kind);

// One parameter that varies.
struct PlanFactor {
  std::string key;    // a scenario parameter (`panopticon params`)
  SourcePlace place;  // its [[vary]] entry
  ParamType type = ParamType::kFloat;
  // factorial and two_level: the values in order, as TOML text (two_level:
  // low, then high).
  std::vector<std::string> values;
  // The sampling designs: the range a unit coordinate u maps onto,
  // min + u (max - min); a whole-number parameter takes each whole number
  // from min to max with equal chance.
  double min = 0.0;
  double max = 0.0;
  // How the entry reads, for the plan's fingerprint and the tables.
  std::string description;
  bool world = false;  // a key of a world's tables (a world plan's), not a scenario's
};

struct PlanMetric {
  MetricRef ref;
  SourcePlace place;
};

struct SweepPlan {
  std::string source;         // the plan file
  std::string scenario_path;  // as resolved from the plan's directory
  // A world plan ([sweep] world = "PATH" instead of scenario): every run is
  // the world with exports and no baseline, its [set] and [[vary]] keys are
  // the world file's own (`panopticon world --set`), its metrics
  // world_metric_specs()'s (docs/experiments.md, World plans).
  std::string world_path;
  bool world_synthetic = false;  // replicates redraw its synthetic countries
  bool is_world() const { return !world_path.empty(); }
  std::vector<Override> fixed;  // [set], applied to every run
  Scenario base;                // the scenario with [set]
  std::string base_text;        // to_toml(base): each run parses it with its own keys
  DesignKind design = DesignKind::kFactorial;
  std::vector<PlanFactor> factors;
  std::size_t replicates = 1;
  std::uint64_t seed = 1;  // replicate r runs with seed + r
  std::vector<PlanMetric> metrics;
  std::size_t samples = 0;        // latin_hypercube, sobol (base rows), morris (trajectories)
  int levels = 4;                 // morris
  std::size_t skip = 0;           // sobol: points of the sequence skipped
  std::uint64_t design_seed = 1;  // latin_hypercube, morris
  int resolution = 0;             // two_level: 0 full, else the least resolution
  bool series = false;            // per-tick series, one CSV per run
  std::size_t max_runs = 0;
  // [sensitivity]: the bootstrap of `panopticon sensitivity`.
  std::size_t resamples = 1000;
  double conf_level = 0.95;
  // Window metrics need the compliance layer's columns: every run then
  // runs the layer (model.compliance_layer = "always").
  bool needs_layer = false;
  // A two-level design's runs, found once when the plan is read (the search
  // for a fraction can take a while at 20 factors).
  std::optional<TwoLevelDesign> two_level;
};

inline constexpr std::size_t kDefaultMaxRuns = 100000;
inline constexpr std::size_t kMostRuns = 100000000;
inline constexpr std::uint64_t kPlanMostBytes = std::uint64_t{1} << 20;

// Reads and checks a plan (input_file.hpp's rule: a regular file of at most
// 1 MiB); the scenario path is relative to the plan's directory.
SweepPlan load_plan(const std::filesystem::path& path);
// The same from text; `directory` resolves the scenario path.
// `most_runs` caps max_runs from outside the plan (the fuzz target's, so
// that every input is checked in bounded time); a plan that needs more is
// refused as one over its own max_runs.
SweepPlan parse_plan(std::string_view text, const std::string& source,
                     const std::filesystem::path& directory, std::size_t most_runs = kMostRuns);

// The points of the plan's design, row by row.
struct DesignPoints {
  // [point][factor]: the value text each run sets.
  std::vector<std::vector<std::string>> values;
  // The sampling designs: [point][factor] on the unit scale, for the
  // sensitivity estimators (empty for factorial designs).
  UnitDesign unit;
  std::optional<TwoLevelDesign> two_level;
};
DesignPoints design_points(const SweepPlan& plan);

std::size_t run_count(const SweepPlan& plan, const DesignPoints& points);

// The overrides of run (point, replicate), after the plan's [set].
std::vector<Override> run_overrides(const SweepPlan& plan, const DesignPoints& points,
                                    std::size_t point, std::size_t replicate);
// A world plan's run: the plan's [set], the point's values, world.seed
// (and a synthetic world's synthetic.seed) = seed + replicate.
std::vector<Override> world_run_overrides(const SweepPlan& plan, const DesignPoints& points,
                                          std::size_t point, std::size_t replicate);
// The scenario of that run; throws ScenarioError naming the plan's entry.
Scenario run_scenario(const SweepPlan& plan, const DesignPoints& points, std::size_t point,
                      std::size_t replicate);

// What makes a sweep's results what they are, as (name, value) pairs: the
// resolved base scenario, the design and its settings, the factors, the
// metrics and a digest of every point. A sweep resumes only into a store
// whose pairs are these (result_store.hpp).
std::vector<std::pair<std::string, std::string>> plan_fingerprint(const SweepPlan& plan,
                                                                  const DesignPoints& points);

}  // namespace panopticon
