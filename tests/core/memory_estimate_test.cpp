// The memory a run needs, estimated before it allocates (memory_estimate.hpp):
// large enough for what a run really takes, refusing what does not fit with
// the estimate, the limit and the keys to change.
#include "panopticon/memory_estimate.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string>

#include "../sanitized_build.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

Scenario lattice(std::uint32_t side, const std::string& extra = "") {
  return parse_scenario("[model]\nsteps = 3\n[lattice]\nwidth = " + std::to_string(side) +
                            "\nheight = " + std::to_string(side) + "\n" + extra,
                        "memory.toml");
}

// VmHWM or VmRSS of this process, in bytes.
double status_bytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) * 1024.0;
  }
  return -1.0;
}

TEST(MemoryEstimate, GrowsWithTheLatticeTheLayerAndTheTicks) {
  const MemoryEstimate small = estimate_memory(lattice(100));
  const MemoryEstimate big = estimate_memory(lattice(1000));
  EXPECT_DOUBLE_EQ(big.parts[0].bytes, 100.0 * small.parts[0].bytes);  // the lattice
  const double large = big.total();
  EXPECT_GT(large, 5.0 * small.total());
  EXPECT_GT(estimate_memory(lattice(1000, "[dissent]\nenabled = true\n")).total(), 2.0 * large);
  const Scenario long_run = parse_scenario("[model]\nsteps = 100000000\n", "long.toml");
  EXPECT_GT(estimate_memory(long_run).total(), 100000000.0 * 8 * 7);  // the results table
  // Epstein's 30,000 x 30,000 would need tens of GiB.
  EXPECT_GT(estimate_memory(lattice(30000)).total(), 20.0 * 1024 * 1024 * 1024);
}

// The estimate is an upper bound of what a run takes: the process's peak
// grows by less than the estimate while a 700 x 700 model is made and runs
// a few ticks (Model I under both engines, and the layer with every
// mechanism on).
TEST(MemoryEstimate, IsAtLeastWhatARunTakes) {
  // The sanitizers' shadow memory, redzones and quarantine are not the run's.
  if (testing::kSanitizedBuild) GTEST_SKIP() << "memory measured by the Release suite";
  const std::string all =
      "[model]\nsteps = 3\n[dissent]\nenabled = true\n[policing]\nenabled = "
      "true\n[cameras]\nenabled = true\n"
      "[telecom]\nenabled = true\n[id_card]\nenabled = true\n[social_credit]\nenabled = true\n"
      "[ijop]\nenabled = true\n[denunciation]\nenabled = true\n"
      "[public_punishment]\nenabled = true\n[narratives]\nenabled = true\n";
  for (const std::string& extra :
       {std::string("[model]\nsteps = 3\n"),
        std::string("[model]\nsteps = 3\nactivation = \"synchronous\"\n"), all}) {
    const Scenario s =
        parse_scenario("[lattice]\nwidth = 700\nheight = 700\n" + extra, "measured.toml");
    const double before = status_bytes("VmRSS:");
    const double peak_before = status_bytes("VmHWM:");
    {
      auto model = make_model(s);
      while (model->tick() < s.steps) model->step();
    }
    const double grown = status_bytes("VmHWM:") - std::max(before, 0.0);
    ASSERT_GT(peak_before, 0.0);
    std::cout << "grew " << format_bytes(grown) << ", estimated " << estimate_memory(s).describe()
              << "\n";
    EXPECT_LT(grown, estimate_memory(s).total()) << extra;
    // And not so loose as to refuse what fits: within 4 times the growth.
    EXPECT_LT(estimate_memory(s).total(), 4.0 * grown + 16.0 * 1024 * 1024) << extra;
  }
}

TEST(MemoryEstimate, RefusesWhatDoesNotFitNamingTheEstimateAndTheLimit) {
  const Scenario s = lattice(30000);
  try {
    check_memory(s, MemoryLimit{8.0 * 1024 * 1024 * 1024, "a test limit"});
    FAIL() << "not refused";
  } catch (const ScenarioError& e) {
    const std::string m = e.what();
    EXPECT_EQ(e.key(), "lattice.width");
    EXPECT_NE(m.find("30000"), std::string::npos) << m;
    EXPECT_NE(m.find("the run needs about"), std::string::npos) << m;
    EXPECT_NE(m.find("8.0 GiB"), std::string::npos) << m;
    EXPECT_NE(m.find("a test limit"), std::string::npos) << m;
    EXPECT_NE(m.find("model.steps"), std::string::npos) << m;
  }
  EXPECT_NO_THROW(check_memory(lattice(40), MemoryLimit{8.0 * 1024 * 1024 * 1024, "a test limit"}));
}

TEST(MemoryEstimate, ReadsWhatThisProcessMayUse) {
  const auto limit = available_memory();
  ASSERT_TRUE(limit.has_value());
  EXPECT_GT(limit->bytes, 16.0 * 1024 * 1024);
  EXPECT_FALSE(limit->source.empty());
  EXPECT_EQ(format_bytes(1.5 * 1024 * 1024 * 1024), "1.5 GiB");
  EXPECT_EQ(format_bytes(320.0 * 1024 * 1024), "320 MiB");
}

}  // namespace
}  // namespace panopticon
