#include "panopticon/synchronous.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "panopticon/random_sequential.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

Scenario scenario(const std::string& ruleset, int threads, const std::string& extra = "") {
  return parse_scenario("[model]\nactivation = \"synchronous\"\nruleset = \"" + ruleset +
                            "\"\nthreads = " + std::to_string(threads) +
                            "\n[lattice]\nwidth = 64\nheight = 48\n[legitimacy]\ninitial = 0.75\n"
                            "[jail]\nmax_term = 12\n" +
                            extra,
                        "sync.toml");
}

const char* kRuleSets[] = {"paper", "netlogo", "mesa"};

// The determinism contract of synchronous activation: the same state, tick
// by tick, for any thread count, with cops, actives, arrests and releases.
TEST(Synchronous, SameResultForOneTwoAndFourThreads) {
  for (const char* rs : kRuleSets) {
    SynchronousSimulation one(scenario(rs, 1));
    SynchronousSimulation two(scenario(rs, 2));
    SynchronousSimulation four(scenario(rs, 4));
    std::uint64_t arrests = 0;
    std::uint64_t peak_active = 0;
    for (int t = 0; t < 150; ++t) {
      one.step();
      two.step();
      four.step();
      ASSERT_EQ(one.state_hash(), two.state_hash()) << rs << " tick " << t;
      ASSERT_EQ(one.state_hash(), four.state_hash()) << rs << " tick " << t;
      arrests += one.counts().arrests;
      peak_active = std::max(peak_active, one.counts().active);
    }
    EXPECT_GT(arrests, 100U) << rs << ": the check must cover arrests";
    EXPECT_GT(peak_active, 20U) << rs << ": and actives";
  }
}

TEST(Synchronous, StartsFromTheSamePopulationAsRandomSequential) {
  for (const char* rs : kRuleSets) {
    Scenario sync = scenario(rs, 1);
    Scenario seq = sync;
    seq.synchronous = false;
    const SynchronousSimulation a(sync);
    const RandomSequentialSimulation b(seq);
    EXPECT_EQ(a.citizen_count(), b.citizen_count()) << rs;
    EXPECT_EQ(a.counts().cops, b.counts().cops) << rs;
  }
}

TEST(Synchronous, CountsAddUpAndCellsHoldOneAgent) {
  for (const char* rs : kRuleSets) {
    SynchronousSimulation sim(scenario(rs, 2,
                                       "[cops]\nschedule = \"ramp\"\nfinal_density = 0.01\n"
                                       "start = 20\nend = 80\n"));
    const std::uint64_t cells = 64 * 48;
    const std::uint64_t initial_cops = sim.counts().cops;
    for (int t = 0; t < 120; ++t) {
      sim.step();
      const TickCounts& c = sim.counts();
      ASSERT_EQ(c.quiet + c.active + c.jailed, sim.citizen_count()) << rs;
      std::uint64_t on_cells = 0;
      for (const auto code : sim.codes())
        on_cells += code != SynchronousSimulation::kEmpty ? 1U : 0U;
      ASSERT_LE(on_cells, cells);
    }
    // The ramp removes round((0.04 - 0.01) x 3072) = 92 cops from those placed.
    EXPECT_EQ(sim.counts().cops, initial_cops - 92U) << rs;
  }
}

TEST(Synchronous, OtherSeedsDiffer) {
  Scenario a = scenario("netlogo", 2);
  Scenario b = a;
  b.seed = 2;
  SynchronousSimulation x(a);
  SynchronousSimulation y(b);
  x.step();
  y.step();
  EXPECT_NE(x.state_hash(), y.state_hash());
}

TEST(Synchronous, CheckpointRoundTrip) {
  const auto dir = std::filesystem::temp_directory_path() / "panopticon-sync-ckpt";
  std::filesystem::create_directories(dir);
  for (const char* rs : kRuleSets) {
    const Scenario s = scenario(rs, 2);
    SynchronousSimulation original(s);
    for (int t = 0; t < 40; ++t) original.step();
    CheckpointWriter w;
    original.save(w);
    w.write(dir / "sync.bin");
    CheckpointReader in(dir / "sync.bin");
    SynchronousSimulation restored(s, in);
    ASSERT_EQ(restored.state_hash(), original.state_hash()) << rs;
    for (int t = 0; t < 40; ++t) {
      original.step();
      restored.step();
      ASSERT_EQ(restored.state_hash(), original.state_hash()) << rs << " tick " << t;
    }
  }
}

// Cops a schedule posts hold nothing of whoever stood on their cell: a run
// resumed before they come has every state hash of the uninterrupted one.
TEST(Synchronous, ResumedRunsPostTheSameCops) {
  const Scenario s = scenario("netlogo", 2,
                              "[cops]\nschedule = \"ramp\"\nfinal_density = 0.1\nstart = 20\n"
                              "end = 80\n");
  SynchronousSimulation straight(s);
  straight.run(20);
  CheckpointWriter w;
  straight.save(w);
  CheckpointReader in("sync.bin", w.file());
  SynchronousSimulation resumed(s, in);
  for (int t = 0; t < 70; ++t) {
    straight.step();
    resumed.step();
    ASSERT_EQ(resumed.state_hash(), straight.state_hash()) << "tick " << straight.tick();
  }
  EXPECT_GT(straight.counts().cops, 250U);
}

TEST(Synchronous, ScenarioLimitsAreClearErrors) {
  try {
    parse_scenario("[model]\nactivation = \"synchronous\"\n[lattice]\nwidth = 10\nheight = 10\n",
                   "s.toml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(
        e.what(),
        "citizens.vision = 7 (the default): the vision disk (15 cells across) is wider than the "
        "10x10 lattice, which synchronous activation does not support; allowed: a vision "
        "whose 2 floor(v) + 1 fits the lattice");
  }
}

}  // namespace
}  // namespace panopticon
