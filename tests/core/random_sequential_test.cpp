#include "panopticon/random_sequential.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace panopticon {
namespace {

Scenario scenario(const std::string& toml) {
  return parse_scenario(toml, "test.toml");
}

const char* kRuleSets[] = {"paper", "netlogo", "mesa"};

// A citizen with H = 1 and R = 0 under L = 0.5 has G = 0.5 > T whatever the
// cops: always active when free.
PlacedAgent rebel(std::uint32_t x, std::uint32_t y) {
  return {.kind = AgentKind::kCitizen, .x = x, .y = y, .hardship = 1.0F, .risk_aversion = 0.0F};
}

std::string tiny(const std::string& ruleset, const std::string& extra = "") {
  return "[model]\nruleset = \"" + ruleset +
         "\"\n[lattice]\nwidth = 9\nheight = 9\n[legitimacy]\ninitial = 0.5\n"
         "[citizens]\nmovement = false\nvision = 1\n[cops]\nvision = 1\n" +
         extra;
}

TEST(RandomSequentialSimulation, ExactPlacementPutsRoundedCounts) {
  const RandomSequentialSimulation sim(scenario("[model]\nruleset = \"netlogo\"\n"));
  EXPECT_EQ(sim.citizen_count(), 1120U);
  EXPECT_EQ(sim.counts().cops, 64U);
  EXPECT_EQ(sim.counts().quiet, 1120U);
}

TEST(RandomSequentialSimulation, BinomialPlacementHasTheExpectedMeanCounts) {
  // 30 seeds on 40x40: citizens ~ Bin(1600, 0.7), sd 18.3, sd of the mean 3.3.
  double citizens = 0;
  double cops = 0;
  std::map<std::uint64_t, int> distinct;
  for (int seed = 1; seed <= 30; ++seed) {
    const RandomSequentialSimulation sim(
        scenario("[model]\nruleset = \"mesa\"\nseed = " + std::to_string(seed) +
                 "\n[cops]\ndensity = 0.074\n"));
    citizens += static_cast<double>(sim.citizen_count());
    cops += static_cast<double>(sim.counts().cops);
    ++distinct[sim.citizen_count()];
  }
  EXPECT_NEAR(citizens / 30, 1120.0, 5 * 3.35);
  // Cops ~ Bin(1600, 0.074): sd 10.5, sd of the mean 1.9.
  EXPECT_NEAR(cops / 30, 118.4, 5 * 1.92);
  EXPECT_GT(distinct.size(), 5U);
}

TEST(RandomSequentialSimulation, SameSeedSameTrajectoryOtherSeedsDiffer) {
  for (const char* rs : kRuleSets) {
    const std::string base = std::string("[model]\nruleset = \"") + rs + "\"\nseed = ";
    RandomSequentialSimulation a(scenario(base + "7\n"));
    RandomSequentialSimulation b(scenario(base + "7\n"));
    RandomSequentialSimulation c(scenario(base + "8\n"));
    for (int t = 0; t < 50; ++t) {
      a.step();
      b.step();
      c.step();
      ASSERT_EQ(a.state_hash(), b.state_hash()) << rs << " tick " << t;
    }
    EXPECT_NE(a.state_hash(), c.state_hash()) << rs;
  }
}

// The incrementally kept counts of cops and actives in vision equal a
// count from scratch after many ticks with moves, arrests and releases.
TEST(RandomSequentialSimulation, IncrementalVisionCountsMatchABruteForceCount) {
  for (const char* rs : kRuleSets) {
    RandomSequentialSimulation sim(
        scenario(std::string("[model]\nruleset = \"") + rs +
                 "\"\n[legitimacy]\ninitial = 0.7\n[jail]\nmax_term = 5\n"));
    sim.run(60);
    const Scenario& sc = sim.scenario();
    const Neighbourhood nb(sim.torus(), sc.rules.vision_shape, sc.citizen_vision,
                           sc.rules.vision_includes_own_cell);
    const Population& p = sim.population();
    std::vector<std::uint32_t> cops_on(sim.torus().cell_count(), 0);
    std::vector<std::uint32_t> actives_on(sim.torus().cell_count(), 0);
    for (Slot s = 0; s < p.size(); ++s) {
      if (p.kind[s] == AgentKind::kCop && p.state[s] != AgentState::kRemoved) ++cops_on[p.cell[s]];
      if (p.state[s] == AgentState::kActive) ++actives_on[p.cell[s]];
    }
    int checked = 0;
    for (Slot s = 0; s < sim.citizen_count(); ++s) {
      if (p.state[s] == AgentState::kJailed) continue;
      std::uint32_t c = 0;
      std::uint32_t a = 0;
      nb.for_each_cell(p.cell[s], [&](CellIndex cell) {
        c += cops_on[cell];
        a += actives_on[cell];
      });
      const bool active = p.state[s] == AgentState::kActive;
      const bool own = sc.rules.vision_includes_own_cell;
      const std::uint32_t others = a - ((own && active) ? 1U : 0U);
      const bool twice = sc.rules.self_count == SelfCount::kTwiceIfActive && active;
      ASSERT_EQ(sim.cops_in_vision(s), c) << rs;
      ASSERT_EQ(sim.actives_term(s), 1 + others + (twice ? 1U : 0U)) << rs;
      ++checked;
    }
    EXPECT_GT(checked, 500) << rs;
  }
}

TEST(RandomSequentialSimulation, CountsAddUpEveryTick) {
  for (const char* rs : kRuleSets) {
    RandomSequentialSimulation sim(scenario(std::string("[model]\nruleset = \"") + rs + "\"\n"));
    for (int t = 0; t < 100; ++t) {
      sim.step();
      const TickCounts& c = sim.counts();
      ASSERT_EQ(c.quiet + c.active + c.jailed, sim.citizen_count());
      std::uint64_t jailed = 0;
      for (Slot s = 0; s < sim.citizen_count(); ++s) {
        jailed += sim.population().state[s] == AgentState::kJailed ? 1U : 0U;
      }
      ASSERT_EQ(c.jailed, jailed);
    }
  }
}

TEST(JailCountdown, NetLogoCountsDownAtTheEndOfEveryTick) {
  // A term j keeps the agent out for j - 1 recorded ticks (0 for j <= 1).
  for (const std::int32_t term : {0, 1, 2, 5}) {
    const PlacedAgent agents[] = {rebel(4, 4)};
    RandomSequentialSimulation sim(scenario(tiny("netlogo")), agents);
    sim.step();
    ASSERT_EQ(sim.counts().active, 1U);
    sim.jail(0, term);
    EXPECT_EQ(sim.counts().jailed, term == 0 ? 0U : 1U);
    int jailed_ticks = 0;
    for (int t = 0; t < 10; ++t) {
      sim.step();
      if (sim.counts().jailed == 1) {
        ++jailed_ticks;
        EXPECT_EQ(jailed_ticks, t + 1) << "jailed ticks are consecutive";
      }
    }
    EXPECT_EQ(jailed_ticks, std::max(0, term - 1)) << "term " << term;
  }
}

TEST(JailCountdown, MesaCountsDownAtTheOwnActivation) {
  // A term j: the next j activations only count down; the (j+1)-th acts.
  for (const std::int32_t term : {0, 1, 2, 5}) {
    const PlacedAgent agents[] = {rebel(4, 4)};
    RandomSequentialSimulation sim(scenario(tiny("mesa")), agents);
    sim.step();
    sim.jail(0, term);
    EXPECT_EQ(sim.counts().jailed, 1U) << "Mesa: ARRESTED until the agent next acts";
    int jailed_ticks = 0;
    for (int t = 0; t < 10; ++t) {
      sim.step();
      jailed_ticks += sim.counts().jailed == 1 ? 1 : 0;
    }
    EXPECT_EQ(jailed_ticks, term) << "term " << term;
    EXPECT_EQ(sim.counts().active, 1U);
  }
}

TEST(JailCountdown, LifeTermsNeverEnd) {
  for (const char* rs : kRuleSets) {
    const PlacedAgent agents[] = {rebel(4, 4)};
    RandomSequentialSimulation sim(scenario(tiny(rs, "[jail]\nmax_term = inf\n")), agents);
    sim.jail(0, kLifeTerm);
    sim.run(100);
    EXPECT_EQ(sim.counts().jailed, 1U) << rs;
  }
}

TEST(Arrest, NetLogoCopStepsOntoTheArresteeAndMesaCopDoesNot) {
  for (const char* rs : {"netlogo", "mesa"}) {
    // A rebel with a cop next to it; the cop sees it whatever the order.
    const PlacedAgent agents[] = {rebel(4, 4), {.kind = AgentKind::kCop, .x = 4, .y = 5}};
    RandomSequentialSimulation sim(
        scenario(tiny(rs, "[jail]\nmax_term = 1000\n[rules]\nmovement_applies_to_cops = true\n")),
        agents);
    std::int64_t arrest_tick = -1;
    for (int t = 0; t < 20 && arrest_tick < 0; ++t) {
      sim.step();
      if (sim.counts().arrests > 0) arrest_tick = sim.tick();
    }
    ASSERT_GT(arrest_tick, 0) << rs;
    const Population& p = sim.population();
    EXPECT_EQ(p.cell[1] == p.cell[0], std::string(rs) == "netlogo") << rs;
  }
}

TEST(Arrest, AllArrestsAreOfActives) {
  // Nobody quiet is ever jailed: every new prisoner was active the tick before
  // or became active this tick (checked by counting): jailed never exceeds
  // arrests made so far.
  RandomSequentialSimulation sim(scenario("[model]\nruleset = \"netlogo\"\n"));
  std::uint64_t arrests = 0;
  for (int t = 0; t < 200; ++t) {
    sim.step();
    arrests += sim.counts().arrests;
    ASSERT_LE(sim.counts().jailed, arrests);
  }
  EXPECT_GT(arrests, 0U);
}

TEST(Movement, MovesAreUniformOverTheEmptyCellsInVision) {
  // One citizen alone on a 15x15 torus, vision 1.7 (the 8 Moore neighbours):
  // every tick it moves to one of 8 cells with probability 1/8 each.
  std::map<std::pair<int, int>, int> steps;
  const PlacedAgent agents[] = {{.kind = AgentKind::kCitizen, .x = 7, .y = 7}};
  RandomSequentialSimulation sim(
      scenario("[model]\nruleset = \"netlogo\"\n[lattice]\nwidth = 15\nheight = 15\n"
               "[citizens]\nvision = 1.7\n[cops]\nvision = 1.7\n"),
      agents);
  const int n = 16000;
  for (int t = 0; t < n; ++t) {
    const auto before = sim.population().cell[0];
    sim.step();
    const auto after = sim.population().cell[0];
    int dx = static_cast<int>(after % 15) - static_cast<int>(before % 15);
    int dy = static_cast<int>(after / 15) - static_cast<int>(before / 15);
    dx = (dx + 22) % 15 - 7;
    dy = (dy + 22) % 15 - 7;
    ++steps[{dx, dy}];
  }
  ASSERT_EQ(steps.size(), 8U);
  double chi2 = 0.0;
  for (const auto& [d, count] : steps) {
    EXPECT_LE(std::abs(d.first), 1);
    EXPECT_LE(std::abs(d.second), 1);
    chi2 += (count - n / 8.0) * (count - n / 8.0) / (n / 8.0);
  }
  EXPECT_LT(chi2, 24.3);  // df = 7, 99.9% quantile
}

TEST(Movement, AMesaPrisonerBlocksItsCellANetLogoPrisonerDoesNot) {
  // A 3x1 torus: a prisoner in the middle, a free citizen at x = 0 whose only
  // neighbours (vision 1) are x = 1 and x = 2. Under NetLogo's rules it may
  // step onto the prisoner's cell; under Mesa's never.
  for (const char* rs : {"netlogo", "mesa"}) {
    const PlacedAgent agents[] = {{.kind = AgentKind::kCitizen, .x = 0, .y = 0},
                                  {.kind = AgentKind::kCitizen, .x = 1, .y = 0}};
    RandomSequentialSimulation sim(
        scenario(std::string("[model]\nruleset = \"") + rs +
                 "\"\n[lattice]\nwidth = 3\nheight = 1\n[citizens]\nvision = 1\n"
                 "[cops]\nvision = 1\n"),
        agents);
    sim.jail(1, kLifeTerm);
    bool shared = false;
    for (int t = 0; t < 100; ++t) {
      sim.step();
      shared = shared || sim.population().cell[0] == sim.population().cell[1];
    }
    EXPECT_EQ(shared, std::string(rs) == "netlogo") << rs;
  }
}

TEST(CopSchedule, RampRemovesCopsToTheTargetDensity) {
  RandomSequentialSimulation sim(
      scenario("[model]\nruleset = \"netlogo\"\n[cops]\ndensity = 0.074\nschedule = "
               "\"ramp\"\nfinal_density = 0.01\nstart = 10\nend = 50\n"));
  EXPECT_EQ(sim.counts().cops, 118U);
  sim.run(30);
  EXPECT_EQ(sim.counts().cops, 118U - 51U);  // round(0.032 * 1600) = 51 fewer
  sim.run(30);
  EXPECT_EQ(sim.counts().cops, 16U);
}

TEST(CopSchedule, StepAddsCopsOnEmptyCells) {
  RandomSequentialSimulation sim(
      scenario("[model]\nruleset = \"mesa\"\n[cops]\ndensity = 0.02\nschedule = "
               "\"step\"\nfinal_density = 0.05\nstart = 5\n"));
  const auto before = sim.counts().cops;
  sim.run(5);
  EXPECT_EQ(sim.counts().cops, before + 48U);
}

// Deceptive behaviour (Epstein's Run 1): with movement off, an aggrieved
// citizen is active when no cop is within vision and quiet when enough are.
TEST(DeceptiveBehaviour, ActiveWithoutCopsQuietWithCops) {
  const PlacedAgent alone[] = {
      {.kind = AgentKind::kCitizen, .x = 4, .y = 4, .hardship = 0.9F, .risk_aversion = 0.5F}};
  const std::string s = tiny("netlogo", "[rules]\nmovement_applies_to_cops = true\n");
  RandomSequentialSimulation free_sim(scenario(s), alone);
  free_sim.step();
  EXPECT_EQ(free_sim.counts().active, 1U);  // G = 0.45, P = 0

  const PlacedAgent watched[] = {alone[0], {.kind = AgentKind::kCop, .x = 4, .y = 5}};
  RandomSequentialSimulation watched_sim(scenario(s), watched);
  watched_sim.step();
  // C = 1, A = 1: P = 0.9, G - R P = 0.45 - 0.45 = 0 < T.
  EXPECT_EQ(watched_sim.counts().active, 0U);
  EXPECT_EQ(watched_sim.counts().quiet, 1U);
}

}  // namespace
}  // namespace panopticon
