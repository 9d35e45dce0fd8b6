#include "world_command.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "new_directory.hpp"
#include "panopticon/atomic_file.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/output_lock.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/thread_budget.hpp"
#include "panopticon/version.hpp"
#include "panopticon/world.hpp"
#include "panopticon/world_run.hpp"
#include "panopticon/world_session.hpp"
#include "panopticon/world_tables.hpp"

namespace panopticon {

namespace {

// The files a world run writes: what --force replaces and a rerun refuses
// to overwrite without it.
constexpr std::array<const char*, 8> kWorldFiles = {
    "world.json",        "adoptions.csv", "offers.csv",  "changes.csv",
    "country_years.csv", "regions.csv",   "compare.csv", "compare_summary.csv"};

constexpr const char* kWorldCheckpoint = "world.checkpoint";

// A full disk while checkpointing or writing the tables: what was written
// before is whole (every file is written atomically).
template <typename Write>
auto unless_world_disk_full(const std::filesystem::path& directory, Write write) {
  try {
    return write();
  } catch (const DiskFullError& e) {
    throw ScenarioError(SourcePlace{directory.string(), 0, 0}, "", "",
                        fmt::format("the disk is full ({}); the last checkpoint and the tables "
                                    "written before are whole",
                                    e.what()),
                        "free space on the disk that holds it, then --resume");
  }
}

double world_memory(const WorldSpec& w) {
  return estimate_world_memory(w);
}

void print_check(const WorldSpec& w, int replicates, bool baseline) {
  double agents = 0.0;
  for (const CountrySpec& c : w.countries) agents += c.agents();
  fmt::print(
      "# {}: valid\n# mode: {}, {} to {} ({} burn-in year(s) before), {} ticks a year\n"
      "# {} countries, {:.4g} citizen agents in all; exporter: {}\n"
      "# {} replicate(s), seeds from {}{}\n# memory: about {}\n",
      w.source, w.mode == WorldMode::kHistorical ? "historical" : "simulated", w.start_year,
      w.end_year, w.burn_in_years, w.ticks_per_year, w.countries.size(), agents,
      w.countries[w.exporter].name, replicates, w.seed,
      baseline ? ", each with the same world without exports" : "", format_bytes(world_memory(w)));
  if (w.countries.size() > 40) return;
  fmt::print("# {:<18} {:<16} {:>12} {:>10} {:>9} {:>8}  {}\n", "country", "region", "population",
             "agents", "lattice", "openness", "holds / events");
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const CountrySpec& c = w.countries[i];
    const Scenario s = country_scenario(w, i);
    std::string dated;
    for (const DatedPackage& d : c.holds)
      dated += fmt::format(" {}({})", package_name(d.package), d.year);
    if (!c.events.empty()) dated += " /";
    for (const DatedPackage& d : c.events)
      dated += fmt::format(" {}({})", package_name(d.package), d.year);
    fmt::print("# {:<18} {:<16} {:>12.4g} {:>10.4g} {:>9} {:>8.2f} {}\n", c.name, c.region,
               c.population, c.agents(), fmt::format("{}x{}", s.width, s.height), c.openness,
               i == w.exporter ? " (exporter: every package)" : dated);
  }
}

void print_summary(const WorldSpec& w, const std::vector<WorldReplicate>& runs,
                   const std::filesystem::path& directory, double seconds, const std::string& how) {
  std::map<std::string, int> by_package;
  std::size_t adoptions = 0;
  for (const WorldReplicate& r : runs) {
    for (const Adoption& a : r.with.adoptions) {
      if (a.how == Acquisition::kHeld) continue;
      ++adoptions;
      ++by_package[std::string(package_name(a.package))];
    }
  }
  std::string packages;
  for (const auto& [name, n] : by_package) packages += fmt::format(" {} {},", name, n);
  if (!packages.empty()) packages.pop_back();
  fmt::print(
      "panopticon {}: {} ({}), {} countries, {} to {}, {} replicate(s): {} adoption(s) by "
      "export{}{} ({:.1f} s{})\n",
      kVersion, w.source, w.mode == WorldMode::kHistorical ? "historical" : "simulated",
      w.countries.size(), w.start_year, w.end_year, runs.size(), adoptions,
      packages.empty() ? "" : ":", packages, seconds,
      how.empty() ? std::string() : fmt::format(" on {}", how));
  if (!runs.empty() && runs.front().without) {
    fmt::print("  with exports - without, mean over replicates (short term / long term):\n");
    fmt::print("  {:<18} {:>24} {:>24} {:>24}\n", "region", "activations /1000/yr",
               "expressed dissent", "falsification gap");
    std::map<std::string, std::map<std::string, std::map<std::string, double>>> table;
    for (const WorldComparison& c : compare_worlds(w, runs)) {
      if (c.level == "region") table[c.name][c.metric][c.window] = c.difference;
    }
    for (const auto& row : table) {
      // Not a structured binding: clang 14 cannot capture one in a lambda.
      const std::string& region = row.first;
      const auto& metrics = row.second;
      const auto cell = [&metrics](const char* metric) {
        const auto at = metrics.find(metric);
        if (at == metrics.end()) return std::string("-");
        const auto get = [&at](const char* window) {
          const auto v = at->second.find(window);
          return v == at->second.end() || std::isnan(v->second) ? std::string("-")
                                                                : fmt::format("{:+.3g}", v->second);
        };
        return fmt::format("{} / {}", get("short_term"), get("long_term"));
      };
      fmt::print("  {:<18} {:>24} {:>24} {:>24}\n", region, cell("activations_per_1000_per_year"),
                 cell("expressed_dissent"), cell("falsification_gap"));
    }
  }
  fmt::print("  output: {}\n", directory.string());
}

// The checks of the output directory before a world runs into it, and
// what --force clears (only the world's own files).
void prepare_directory(const WorldCommand& command, const std::filesystem::path& directory,
                       const std::filesystem::path& checkpoint) {
  if (command.resume && command.force) {
    throw ScenarioError(SourcePlace{"--resume --force", 0, 0}, "", "", "asks for both",
                        "--resume to continue the checkpoint, or --force to start afresh");
  }
  if (command.resume && !std::filesystem::exists(checkpoint)) {
    throw ScenarioError(SourcePlace{directory.string(), 0, 0}, "--resume", "",
                        fmt::format("holds no {} to resume", kWorldCheckpoint),
                        "the --out of a world run that was stopped, or no --resume");
  }
  if (!command.resume && !command.force) {
    if (std::filesystem::exists(checkpoint)) {
      throw ScenarioError(
          SourcePlace{directory.string(), 0, 0}, "--out", "",
          fmt::format("holds the checkpoint of a stopped world run ({})", kWorldCheckpoint),
          "--resume to continue it, --force to start afresh, or another --out");
    }
    for (const char* name : kWorldFiles) {
      if (std::filesystem::exists(directory / name)) {
        throw ScenarioError(SourcePlace{directory.string(), 0, 0}, "--out", "",
                            fmt::format("holds a world's outputs already ({})", name),
                            "another --out, --resume to continue a stopped run, or --force to "
                            "replace them (nothing else in the directory is touched)");
      }
    }
  }
  if (command.force) {
    for (const char* name : kWorldFiles) std::filesystem::remove(directory / name);
    std::filesystem::remove(checkpoint);
  }
}

}  // namespace

void add_world_command(CLI::App& app, WorldCommand& c) {
  c.world = app.add_subcommand(
      "world",
      "run a world of countries and the export between them, against the same world "
      "without exports");
  c.world->add_option("world_file", c.file, "world file (TOML, docs/mechanisms/export.md)")
      ->required();
  c.world->add_option("--out", c.out, "output directory (default: output/world-<world name>)");
  c.world
      ->add_option("--replicates", c.replicates,
                   "worlds run, 1 to 10000: replicate r derives every seed from world.seed, the "
                   "country and r")
      ->type_name("N")
      ->capture_default_str();
  c.world->add_option("--threads", c.threads, "countries side by side, 0 to 1024 (0: one per core)")
      ->type_name("N")
      ->capture_default_str();
  c.world
      ->add_option("--checkpoint-years", c.checkpoint_years,
                   "write DIR/world.checkpoint after every N simulated years, 0 to 10000 (0: "
                   "never); a killed run continues with --resume")
      ->type_name("N")
      ->capture_default_str();
  c.world->add_flag("--resume", c.resume,
                    "continue the run that DIR/world.checkpoint holds (the same world file and "
                    "options), to the same outputs as a run never stopped");
  c.world->add_option("--set", c.sets,
                      "set a key of the world's tables: TABLE.KEY=VALUE, such as pull.base=0.05 "
                      "or world.seed=3 (repeatable)");
  c.world->add_flag("--no-baseline", c.no_baseline,
                    "run only the world with exports (no compare.csv)");
  c.world->add_flag("--force", c.force,
                    "replace a world's outputs already in the directory (nothing else there is "
                    "touched)");
  c.world->add_flag("--check", c.check,
                    "check the world file and print its countries, without running");
}

int run_world_command(const WorldCommand& command, const std::optional<MemoryLimit>& memory_limit,
                      const WorldSpread& spread) {
  std::vector<Override> overrides;
  for (const std::string& set : command.sets) overrides.push_back(parse_override(set));
  const WorldSpec world = load_world(command.file, overrides);
  const auto replicates =
      static_cast<int>(parse_option_integer("--replicates", command.replicates, 1, 10000));
  const auto threads =
      static_cast<int>(parse_option_integer("--threads", command.threads, 0, 1024));
  const bool baseline = !command.no_baseline;
  if (command.check) {
    print_check(world, replicates, baseline);
    return 0;
  }
  const std::filesystem::path directory =
      command.out.empty() ? std::filesystem::path("output") /
                                ("world-" + std::filesystem::path(command.file).stem().string())
                          : std::filesystem::path(command.out);
  const std::filesystem::path checkpoint = directory / kWorldCheckpoint;
  if (spread.configure &&
      (command.resume || (command.checkpoint_years != "1" && command.checkpoint_years != "0"))) {
    throw ScenarioError(SourcePlace{command.resume ? "--resume" : "--checkpoint-years", 0, 0}, "",
                        "", "a world spread over MPI ranks is not checkpointed",
                        "the world without mpirun (its countries then run side by side on "
                        "threads, --threads N) to checkpoint and resume it");
  }
  std::optional<NewDirectory> made;
  std::optional<OutputLock> lock;
  std::exception_ptr failure;
  if (spread.writes) {
    try {
      if (memory_limit) {
        const double need = world_memory(world);
        if (need > memory_limit->bytes) {
          throw ScenarioError(
              SourcePlace{command.file, 0, 0}, "", "",
              fmt::format(
                  "the world needs about {} (every country's simulation at once), more than "
                  "the {} available ({})",
                  format_bytes(need), format_bytes(memory_limit->bytes), memory_limit->source),
              "fewer agents: a larger persons_per_agent of the largest countries, or fewer "
              "countries");
        }
      }
      made.emplace(directory);
      check_writable(directory);
      lock.emplace(directory);
      prepare_directory(command, directory, checkpoint);
    } catch (...) {
      if (!spread.agree) throw;
      failure = std::current_exception();
    }
  }
  if (spread.agree && !spread.agree(failure == nullptr)) {
    if (failure) std::rethrow_exception(failure);
    return 2;  // the writer says why
  }
  if (spread.started) *spread.started = true;

  const auto t0 = std::chrono::steady_clock::now();
  WorldSessionOptions options;
  options.replicates = replicates;
  options.baseline = baseline;
  options.world.threads = threads;
  options.checkpoint_years = static_cast<int>(
      parse_option_integer("--checkpoint-years", command.checkpoint_years, 0, 10000));
  if ((options.checkpoint_years > 0 || command.resume) && !spread.configure) {
    options.checkpoint = checkpoint;
  }
  options.resume = command.resume;
  if (spread.configure) spread.configure(world, options.world);
  if (spread.writes && ::isatty(STDERR_FILENO) != 0) {
    options.on_progress = [](std::int64_t done, std::int64_t total) {
      fmt::print(stderr, "\rworld: {} of {} simulated years", done, total);
    };
  }
  const std::vector<WorldReplicate> runs =
      unless_world_disk_full(directory, [&] { return *run_world_session(world, options); });
  if (!spread.writes) return 0;
  if (options.on_progress) fmt::print(stderr, "\n");
  unless_world_disk_full(directory, [&] {
    write_world_tables(world, runs, directory);
    return 0;
  });
  std::filesystem::remove(checkpoint);
  made->keep();
  print_summary(world, runs, directory,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                spread.how);
  return 0;
}

}  // namespace panopticon
