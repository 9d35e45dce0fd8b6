#include "panopticon/run_driver.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdlib>
#include <sstream>

#include "panopticon/atomic_file.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

// Collective for a split simulation: every process saves its part, and the
// one with the outputs (`out`) writes the file. `written` counts this run's
// checkpoints, for fault injection.
void write_checkpoint(const Model& sim, const RunOutput* out, const Scenario& scenario,
                      const RunOptions& options, std::int64_t every, int& written) {
  CheckpointWriter w;
  if (out != nullptr) put_run_record(w, *out, scenario, every);
  sim.save(w);
  if (out == nullptr) return;
  const auto path = options.directory / kCheckpointFile;
  if (++written == options.fault.kill_in_checkpoint) {
    // Fault injection: leave a half-written temporary file and die.
    const std::string partial = temporary_path(path).string();
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::array<char, 64> junk = {'P', 'A', 'N', 'O'};
    if (fd >= 0 && ::write(fd, junk.data(), junk.size()) > 0) ::fsync(fd);
    std::raise(SIGKILL);
  }
  w.write(path);
}

// `out` is null in a process that does not write the outputs. `every`:
// the checkpoint interval in ticks (0: none).
RunResult drive(Model& sim, RunOutput* out, const Scenario& scenario, const RunOptions& options,
                std::int64_t every, std::int64_t resumed_from) {
  RunResult result;
  result.scenario = scenario;
  result.resumed_from = resumed_from;
  result.citizens = sim.citizen_count();
  int checkpoints = 0;
  while (sim.tick() < scenario.steps) {
    sim.step();
    if (out != nullptr) out->record(sim);
    result.agent_steps += sim.citizen_count() + sim.counts().cops;
    if (options.on_tick) options.on_tick(sim);
    if (every > 0 && sim.tick() % every == 0 && sim.tick() < scenario.steps) {
      write_checkpoint(sim, out, scenario, options, every, checkpoints);
    }
  }
  result.final_cops = sim.counts().cops;
  if (out == nullptr) return result;
  result.summary = out->finish(sim);
  if (sim.compliance() != nullptr) {
    result.compliance_metrics = window_metrics(sim.results(), headcount_of(sim), scenario,
                                               summary_windows(scenario, scenario.steps).front());
  }
  return result;
}

std::unique_ptr<Model> make(const RunOptions& options, const Scenario& scenario) {
  return options.make ? options.make(scenario) : make_model(scenario);
}

std::unique_ptr<Model> load(const RunOptions& options, const Scenario& scenario,
                            CheckpointReader& in) {
  // Before the simulation, of either kind, allocates for its lattice.
  check_state_lattice(in, scenario);
  return options.load ? options.load(scenario, in) : load_model(scenario, in);
}

// The first line where two resolved scenarios differ, for the error message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream ia(a);
  std::istringstream ib(b);
  std::string section;
  std::string la;
  std::string lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(ia, la));
    const bool gb = static_cast<bool>(std::getline(ib, lb));
    if (!ga && !gb) return "";
    if (la != lb) return fmt::format("{} `{}` where the scenario has `{}`", section, la, lb);
    if (la.starts_with("[")) section = "in " + la;
  }
}

}  // namespace

void put_run_record(CheckpointWriter& w, const RunOutput& out, const Scenario& scenario,
                    std::int64_t checkpoint_every) {
  w.put_string(kVersion);
  w.put_string(scenario.source);
  w.put<std::uint64_t>(out.overrides().size());
  for (const Override& o : out.overrides()) {
    w.put_string(o.key);
    w.put_string(o.value);
  }
  w.put_string(to_toml(scenario));
  w.put<std::uint64_t>(out.ticks_bytes());
  w.put<std::int64_t>(checkpoint_every);
}

namespace {
bool printable(const std::string& text) {
  return std::ranges::none_of(
      text, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}
}  // namespace

RunRecord read_run_record(CheckpointReader& in) {
  const std::string version = in.get_string("the program version");
  if (!printable(version) || version.size() > 64) in.fail("holds a garbled program version");
  if (version != kVersion) {
    in.fail(
        fmt::format("was written by panopticon {}; this is panopticon {}. Resume it with "
                    "version {}, or start the run again",
                    version, kVersion, version));
  }
  RunRecord run;
  const std::string source = in.get_string("the scenario file name");
  if (!printable(source)) in.fail("holds a scenario file name with control characters");
  const auto n_overrides = in.get<std::uint64_t>("the override count");
  if (n_overrides > 100000) in.fail("holds an impossible number of overrides");
  for (std::uint64_t i = 0; i < n_overrides; ++i) {
    Override o;
    o.key = in.get_string("an override");
    o.value = in.get_string("an override");
    run.overrides.push_back(std::move(o));
  }
  const std::string resolved = in.get_string("the resolved scenario");
  try {
    run.scenario = parse_scenario(resolved, source);
  } catch (const ScenarioError& e) {
    in.fail(fmt::format("holds a scenario that does not validate: {}", e.what()));
  }
  run.ticks_bytes = in.get<std::uint64_t>("the length of ticks.csv.partial");
  run.checkpoint_every = in.get<std::int64_t>("the checkpoint interval");
  if (run.checkpoint_every < 0) in.fail("holds a negative checkpoint interval");
  return run;
}

FaultInjection fault_injection_from_environment() {
  FaultInjection fault;
  if (const char* spec = std::getenv("PANOPTICON_FAULT_INJECT")) {
    const std::string text(spec);
    const std::string key = "kill-in-checkpoint=";
    if (text.starts_with(key)) fault.kill_in_checkpoint = std::atoi(text.c_str() + key.size());
    const std::string store = "kill-in-store-write=";
    if (text.starts_with(store)) {
      fault.kill_in_store_write = std::atoi(text.c_str() + store.size());
    }
    fault.skip_memory_check = text == "skip-memory-check";
  }
  return fault;
}

std::vector<Override> collect_overrides(const std::vector<std::string>& sets,
                                        const std::optional<std::string>& steps,
                                        const std::optional<std::string>& seed) {
  std::vector<Override> out;
  out.reserve(sets.size() + 2);
  for (const auto& s : sets) out.push_back(parse_override(s));
  // Checked here against the parameter's bounds, so that a message quotes
  // the option as typed.
  const auto option = [&out](const std::string& name, const std::string& key,
                             const std::string& text) {
    const ParamSpec& spec = *find_parameter(key);
    const std::int64_t v = parse_option_integer(name, text, static_cast<std::int64_t>(spec.min),
                                                static_cast<std::int64_t>(spec.max));
    out.emplace_back(key, std::to_string(v), name + " " + text);
  };
  if (steps) option("--steps", "model.steps", *steps);
  if (seed) option("--seed", "model.seed", *seed);
  return out;
}

std::optional<std::int64_t> checkpoint_interval(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_option_integer("--checkpoint-every", *text, 0,
                              static_cast<std::int64_t>(find_parameter("model.steps")->max));
}

std::filesystem::path output_directory(const std::string& out, const std::string& scenario_path) {
  return out.empty() ? std::filesystem::path("output") / std::filesystem::path(scenario_path).stem()
                     : std::filesystem::path(out);
}

void check_writable(const std::filesystem::path& directory) {
  const SourcePlace place{"--out " + directory.string(), 0, 0};
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(directory, ec);
  if (std::filesystem::is_symlink(status) && !std::filesystem::exists(directory, ec)) {
    // create_directories would say only "File exists".
    throw ScenarioError(
        place, "", "",
        fmt::format("a symbolic link to {}, which does not exist (a dangling link)",
                    std::filesystem::read_symlink(directory, ec).string()),
        "a directory that can be created and written, or a link to one: make its target, "
        "remove the link or choose another --out");
  }
  try {
    std::filesystem::create_directories(directory);
    // This process's own name, so that no file of anyone else's is touched.
    const auto probe = directory / (".panopticon-write-probe-" + process_token());
    write_file_atomically(probe, "");
    std::filesystem::remove(probe);
  } catch (const std::exception& e) {
    // An output directory that cannot be made or written is bad input too.
    throw ScenarioError(place, "", "", fmt::format("cannot write the outputs: {}", e.what()),
                        "a directory that can be created and written");
  }
}

void prepare_fresh_start(const std::filesystem::path& directory, bool force) {
  const auto path = directory / kCheckpointFile;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return;
  if (!force) {
    throw CheckpointError(fmt::format(
        "{} holds the checkpoint of an unfinished run ({}), which a fresh run would destroy: "
        "continue that run with `panopticon resume {}`, or start afresh with --force, which "
        "deletes the checkpoint",
        directory.string(), path.string(), directory.string()));
  }
  std::filesystem::remove(path, ec);
  if (ec) {
    throw CheckpointError(
        fmt::format("--force cannot delete the checkpoint {}: {}", path.string(), ec.message()));
  }
}

RunResult run_fresh(const Scenario& scenario, const std::vector<Override>& overrides,
                    const RunOptions& options) {
  if (options.memory_limit) check_memory(scenario, *options.memory_limit);
  const auto model = make(options, scenario);
  Model& sim = *model;
  std::unique_ptr<RunOutput> out;
  if (options.writes_outputs) {
    out = std::make_unique<RunOutput>(options.directory, scenario, overrides);
    out->record(sim);
  }
  return drive(sim, out.get(), scenario, options, options.checkpoint_every.value_or(0), -1);
}

// Every process of a split simulation makes the same checks on the same
// files, so all of them fail alike or go on together.
RunResult resume(const RunOptions& options, const std::optional<Scenario>& expected) {
  const auto path = options.directory / kCheckpointFile;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
    const bool finished = std::filesystem::exists(options.directory / kTicksFile) &&
                          !std::filesystem::exists(options.directory / kTicksPartialFile);
    throw CheckpointError(fmt::format(
        "{} has no checkpoint ({}): {}", options.directory.string(), kCheckpointFile,
        finished ? "the run there has finished"
                 : "the run was not started with --checkpoint-every, or was killed before its "
                   "first checkpoint; start it again"));
  }
  CheckpointReader in(path);
  RunRecord run = read_run_record(in);
  if (expected) {
    const std::string wanted = to_toml(*expected);
    const std::string resolved = to_toml(run.scenario);
    if (wanted != resolved) {
      in.fail(fmt::format("belongs to another scenario: it has {}",
                          first_difference(resolved, wanted)));
    }
  }
  const auto partial = options.directory / kTicksPartialFile;
  // The partial output is written to: it must be a file, not a device or a
  // link to somewhere else.
  const auto partial_status = std::filesystem::symlink_status(partial, ec);
  if (std::filesystem::exists(partial_status) &&
      !std::filesystem::is_regular_file(partial_status)) {
    throw CheckpointError(fmt::format(
        "{} {}: it is not the partial output of the run that wrote {}", partial.string(),
        std::filesystem::is_symlink(partial_status)
            ? "is a symbolic link to " + std::filesystem::read_symlink(partial, ec).string()
            : not_a_regular_file(partial).value_or("is not a regular file"),
        path.string()));
  }
  const auto partial_size = std::filesystem::file_size(partial, ec);
  if (ec || partial_size < run.ticks_bytes) {
    throw CheckpointError(fmt::format(
        "{} {} where the checkpoint recorded {} bytes: it is not the partial output of the run "
        "that wrote {}",
        partial.string(),
        ec ? std::string("is missing") : fmt::format("holds {} bytes", partial_size),
        run.ticks_bytes, path.string()));
  }
  if (options.memory_limit) check_memory(run.scenario, *options.memory_limit);
  const auto model = load(options, run.scenario, in);
  Model& sim = *model;
  std::unique_ptr<RunOutput> out;
  if (options.writes_outputs) {
    out = std::make_unique<RunOutput>(options.directory, run.scenario, run.overrides,
                                      run.ticks_bytes);
  }
  // The interval the run was started with, unless this resume sets another;
  // the checkpoints it writes then record that one.
  const std::int64_t every = options.checkpoint_every.value_or(run.checkpoint_every);
  return drive(sim, out.get(), run.scenario, options, every, sim.tick());
}

}  // namespace panopticon
