#include "panopticon/checkpoint.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "panopticon/model.hpp"
#include "panopticon/random_sequential.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/version.hpp"

namespace panopticon {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("panopticon-ckpt-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A checkpoint edited in place, with its checksum recomputed (28 bytes of
// header before the payload, 8 of checksum after it).
std::string resealed(std::string bytes) {
  const std::uint64_t sum = fnv1a64(bytes.data() + 28, bytes.size() - 36);
  bytes.replace(bytes.size() - 8, 8, std::string(reinterpret_cast<const char*>(&sum), 8));
  return bytes;
}

std::string error_of(const std::filesystem::path& p) {
  try {
    CheckpointReader in(p);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "(no error)";
}

// Leaves a run in `dir` as a crash would: checkpoint at tick 10, partial ticks to tick 15.
Scenario abandon_run(const std::filesystem::path& dir, const std::string& ruleset = "netlogo") {
  Scenario s = parse_scenario("[model]\nruleset = \"" + ruleset + "\"\nsteps = 40\n", "s.toml");
  RunOptions options;
  options.directory = dir;
  options.checkpoint_every = 10;
  options.on_tick = [](const Model& sim) {
    if (sim.tick() == 15) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(run_fresh(s, {}, options), std::runtime_error);
  return s;
}

TEST(Checkpoint, SimulationStateRoundTripsForEveryRuleSet) {
  const auto dir = fresh_dir("roundtrip");
  for (const char* rs : {"paper", "netlogo", "mesa"}) {
    const Scenario s = parse_scenario(std::string("[model]\nruleset = \"") + rs +
                                          "\"\n[cops]\nschedule = \"ramp\"\nfinal_density = 0.01\n"
                                          "start = 10\nend = 60\n",
                                      "s.toml");
    RandomSequentialSimulation original(s);
    original.run(40);
    CheckpointWriter w;
    original.save(w);
    w.write(dir / "sim.bin");
    CheckpointReader in(dir / "sim.bin");
    RandomSequentialSimulation restored(s, in);
    EXPECT_EQ(restored.state_hash(), original.state_hash()) << rs;
    for (int t = 0; t < 40; ++t) {
      original.step();
      restored.step();
      ASSERT_EQ(restored.state_hash(), original.state_hash()) << rs << " tick " << t;
      ASSERT_EQ(restored.counts().active, original.counts().active);
    }
  }
}

TEST(Checkpoint, ResumedRunEqualsAnUninterruptedOne) {
  const auto crashed = fresh_dir("crashed");
  const auto clean = fresh_dir("clean");
  const Scenario s = abandon_run(crashed);
  EXPECT_TRUE(std::filesystem::exists(crashed / kCheckpointFile));
  EXPECT_FALSE(std::filesystem::exists(crashed / kTicksFile));
  RunOptions options;
  options.directory = crashed;
  const RunResult resumed = resume(options, s);
  EXPECT_EQ(resumed.resumed_from, 10);
  options.directory = clean;
  run_fresh(s, {}, options);
  for (const char* f : {"ticks.csv", "summary.json", "metadata.json"}) {
    EXPECT_EQ(read_bytes(crashed / f), read_bytes(clean / f)) << f;
  }
  EXPECT_FALSE(std::filesystem::exists(crashed / kCheckpointFile)) << "removed once finished";
  EXPECT_FALSE(std::filesystem::exists(crashed / kTicksPartialFile));
}

TEST(Checkpoint, ResumeRefusesAnotherScenario) {
  const auto dir = fresh_dir("other");
  abandon_run(dir);
  RunOptions options;
  options.directory = dir;
  const Scenario other = parse_scenario("[model]\nsteps = 40\n[citizens]\nk = 2.5\n", "s.toml");
  try {
    resume(options, other);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()),
              "checkpoint " + (dir / kCheckpointFile).string() +
                  " belongs to another scenario: it has in [citizens] `k = 2.3` where the scenario "
                  "has `k = 2.5`");
  }
}

TEST(Checkpoint, ResumeRefusesAnotherProgramVersion) {
  const auto dir = fresh_dir("version");
  abandon_run(dir);
  // Rewrite the version string (the first payload field) and the checksum.
  std::string bytes = read_bytes(dir / kCheckpointFile);
  const std::string version = kVersion;
  const std::size_t at = 28 + 8;
  ASSERT_EQ(bytes.substr(at, version.size()), version);
  std::string forged(version.size(), '9');
  forged[1] = '.';
  bytes.replace(at, version.size(), forged);
  write_bytes(dir / kCheckpointFile, resealed(bytes));
  RunOptions options;
  options.directory = dir;
  try {
    resume(options);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("was written by panopticon " + forged +
                                         "; this is panopticon " + version),
              std::string::npos)
        << e.what();
  }
}

TEST(Checkpoint, DamagedFilesGetClearErrors) {
  const auto dir = fresh_dir("damaged");
  abandon_run(dir);
  const auto path = dir / kCheckpointFile;
  const std::string good = read_bytes(path);
  const std::string name = "checkpoint " + path.string() + " ";

  write_bytes(path, good.substr(0, good.size() / 2));
  EXPECT_EQ(error_of(path), name + "is truncated or padded: the header announces " +
                                std::to_string(good.size() - 36) +
                                " payload bytes, the file holds " +
                                std::to_string(good.size() / 2 - 36));
  write_bytes(path, good.substr(0, 10));
  EXPECT_EQ(error_of(path), name + "is truncated: 10 bytes, shorter than a checkpoint header");
  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x40);
  write_bytes(path, flipped);
  EXPECT_EQ(error_of(path), name + "is corrupt: its checksum does not match its contents");
  std::string foreign = good;
  foreign.replace(0, 4, "%PDF");
  write_bytes(path, foreign);
  EXPECT_EQ(error_of(path), name + "is not a Panopticon checkpoint (wrong magic bytes)");
  std::string future = good;
  future[16] = 9;
  write_bytes(path, future);
  const std::string again = ". Resume it with the version that wrote it, or start the run again";
  EXPECT_EQ(error_of(path), name +
                                "has checkpoint format 9, written by a newer panopticon; this "
                                "program reads format " +
                                std::to_string(kCheckpointFormat) + again);
  // The format before this one: its number, and that it is older.
  std::string old = good;
  old[16] = static_cast<char>(kCheckpointFormat - 1);
  write_bytes(path, old);
  EXPECT_EQ(error_of(path), name + "has checkpoint format " +
                                std::to_string(kCheckpointFormat - 1) +
                                ", written by an older panopticon; this program reads format " +
                                std::to_string(kCheckpointFormat) + again);
  EXPECT_EQ(error_of(dir / "nothere.bin"),
            "checkpoint " + (dir / "nothere.bin").string() +
                " does not exist; a checkpoint is the regular file that a run with "
                "--checkpoint-every writes");
}

TEST(Checkpoint, ResumeWithoutACheckpointSaysWhy) {
  const auto dir = fresh_dir("none");
  RunOptions options;
  options.directory = dir;
  try {
    resume(options);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir.string() +
                  " has no checkpoint (checkpoint.bin): the run was not started with "
                  "--checkpoint-every, or was killed before its first checkpoint; start "
                  "it again");
  }
}

TEST(Checkpoint, InconsistentStateIsRefusedNotRun) {
  // A well-formed file whose simulation state lies: a citizen outside the lattice.
  const auto dir = fresh_dir("lies");
  const Scenario s = parse_scenario("", "s.toml");
  RandomSequentialSimulation sim(s);
  sim.run(5);
  CheckpointWriter w;
  sim.save(w);
  w.write(dir / "sim.bin");
  std::string bytes = read_bytes(dir / "sim.bin");
  // Payload: the model's header (the lattice's width and height, 4 bytes
  // each; tick, arrests, no changes, the results table's rows and width,
  // then its values: 8 bytes each), then the
  // engine's initial cops and n (8 bytes each), the kind and state columns
  // (8 + n bytes each), then the cell column (8 + 4n bytes).
  const std::size_t n = sim.population().size();
  const std::size_t header = 2 * 4 + 5 * 8 + 8 + sim.results().rows() * sim.results().width() * 8;
  const std::size_t cell0 = 28 + header + 16 + 2 * (8 + n) + 8;
  const std::uint32_t outside = 1U << 30U;
  bytes.replace(cell0, 4, std::string(reinterpret_cast<const char*>(&outside), 4));
  write_bytes(dir / "sim.bin", resealed(bytes));
  CheckpointReader in(dir / "sim.bin");
  try {
    RandomSequentialSimulation restored(s, in);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()),
              "checkpoint " + (dir / "sim.bin").string() + " holds an agent outside the lattice");
  }
}

TEST(Checkpoint, AStateOfAnotherLatticeIsRefusedByName) {
  // The same number of cells, transposed: only the lattice's own record
  // tells them apart. Both engines.
  const auto dir = fresh_dir("lattice");
  for (const char* activation : {"random_sequential", "synchronous"}) {
    const std::string rest = std::string("[model]\nactivation = \"") + activation + "\"\n";
    const Scenario wide = parse_scenario(rest + "[lattice]\nwidth = 40\nheight = 50\n", "s.toml");
    const Scenario tall = parse_scenario(rest + "[lattice]\nwidth = 50\nheight = 40\n", "s.toml");
    auto model = make_model(wide);
    model->run(3);
    CheckpointWriter w;
    model->save(w);
    w.write(dir / "sim.bin");
    CheckpointReader in(dir / "sim.bin");
    try {
      (void)load_model(tall, in);
      FAIL() << activation << ": a 40x50 state was loaded as 50x40";
    } catch (const CheckpointError& e) {
      EXPECT_EQ(std::string(e.what()),
                "checkpoint " + (dir / "sim.bin").string() +
                    " holds the state of a 40x50 lattice where its scenario has 50x40 "
                    "(lattice.width x lattice.height)")
          << activation;
    }
  }
}

TEST(Checkpoint, ResumeKeepsTheCheckpointIntervalUnlessToldOtherwise) {
  const auto dir = fresh_dir("interval");
  const Scenario s = abandon_run(dir);  // every 10 ticks; checkpoint at 10, killed at 15
  RunOptions options;
  options.directory = dir;
  const auto crash_at = [&options](std::int64_t tick) {
    options.on_tick = [tick](const Model& sim) {
      if (sim.tick() == tick) throw std::runtime_error("simulated crash");
    };
  };
  const auto record = [&dir] {
    CheckpointReader in(dir / kCheckpointFile);
    const RunRecord run = read_run_record(in);
    const auto model = load_model(run.scenario, in);
    return std::pair<std::int64_t, std::int64_t>(model->tick(), run.checkpoint_every);
  };
  EXPECT_EQ(record(), std::make_pair(std::int64_t{10}, std::int64_t{10}));
  // Resumed without an interval: it keeps checkpointing every 10 ticks.
  crash_at(27);
  EXPECT_THROW(resume(options, s), std::runtime_error);
  EXPECT_EQ(record(), std::make_pair(std::int64_t{20}, std::int64_t{10}));
  // Resumed with another: that one, recorded for the next resume.
  options.checkpoint_every = 7;
  crash_at(30);
  EXPECT_THROW(resume(options, s), std::runtime_error);
  EXPECT_EQ(record(), std::make_pair(std::int64_t{28}, std::int64_t{7}));
  options.checkpoint_every.reset();
  crash_at(36);
  EXPECT_THROW(resume(options, s), std::runtime_error);
  EXPECT_EQ(record(), std::make_pair(std::int64_t{35}, std::int64_t{7}));
  options.on_tick = nullptr;
  const RunResult done = resume(options, s);
  EXPECT_EQ(done.resumed_from, 35);
  // And the outputs are those of a run never interrupted.
  const auto clean = fresh_dir("interval-clean");
  RunOptions plain;
  plain.directory = clean;
  run_fresh(s, {}, plain);
  for (const char* f : {"ticks.csv", "summary.json", "metadata.json"}) {
    EXPECT_EQ(read_bytes(dir / f), read_bytes(clean / f)) << f;
  }
}

TEST(Checkpoint, ErrorsShowAnyBytesAsEscapesOnOneLine) {
  // The rule, for every message: control characters and bytes that are not
  // UTF-8 become escapes; other text is kept as it is.
  const CheckpointError e(std::string("name \x01\x1b[2J\n\xff \xc3\xa9 end"));
  EXPECT_EQ(std::string(e.what()), "name \\u0001\\u001B[2J\\n\\xFF \xc3\xa9 end");
}

TEST(Checkpoint, AMechanismNameWithControlBytesIsQuotedAsEscapes) {
  // A crafted file names a mechanism with a terminal escape in it: the
  // message quotes it, but as escapes.
  const auto dir = fresh_dir("control-name");
  const Scenario s = parse_scenario("[social_credit]\nenabled = true\n", "s.toml");
  auto model = make_model(s);
  model->run(3);
  CheckpointWriter w;
  model->save(w);
  w.write(dir / "sim.bin");
  std::string bytes = read_bytes(dir / "sim.bin");
  const auto at = bytes.find("social_credit");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = '\x1b';
  write_bytes(dir / "sim.bin", resealed(bytes));
  CheckpointReader in(dir / "sim.bin");
  try {
    (void)load_model(s, in);
    FAIL() << "a renamed mechanism was loaded";
  } catch (const CheckpointError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("soc\\u001Bal_credit"), std::string::npos) << message;
    for (const char c : message) EXPECT_GE(static_cast<unsigned char>(c), 0x20U) << message;
  }
}

}  // namespace
}  // namespace panopticon
