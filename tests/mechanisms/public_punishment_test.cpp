// Property tests of public_punishment (src/mechanisms/public_punishment.cpp; mechanisms.md
// section 2): behaviours the model must have, over enough seeds that the
// stated tolerance (in standard errors of paired differences) holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/society.hpp"

namespace panopticon {
namespace {

using testing::column_mean;
using testing::layer_scenario;
using testing::paired;
using testing::run_model;

[[maybe_unused]] constexpr int kSeeds = 12;

// Public punishment makes witnesses more risk-averse, so they are active
// less often. Causally: from the same state, one tick with the fear in
// force and one with public punishment retired (its fear undone); among
// those afraid as the tick begins, fewer actives with the fear.
TEST(PublicPunishment, LowersActivityAmongWitnesses) {
  const std::string common = "[public_punishment]\nenabled = true\np_public = 1\nbacklash = 0\n";
  std::vector<double> diff;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto run = make_model(layer_scenario(common + "fear = 2\n", seed, 200));
    double active_afraid = 0.0;
    double active_fearless = 0.0;
    double witnesses = 0.0;
    for (int probe = 0; probe < 10; ++probe) {
      run->run(10);
      auto a = run->clone();
      auto b = run->clone();
      b->retire("public_punishment");
      a->step();
      b->step();
      ASSERT_TRUE(b->active_mechanisms().empty());
      const Society& now = run->compliance()->society();
      const Society& sa = a->compliance()->society();
      const Society& sb = b->compliance()->society();
      for (std::uint32_t id = 0; id < now.citizens; ++id) {
        if (now.risk_factor[id] == 1.0F) continue;  // not afraid as the tick begins
        witnesses += 1.0;
        active_afraid += sa.state[id] == AgentState::kActive ? 1.0 : 0.0;
        active_fearless += sb.state[id] == AgentState::kActive ? 1.0 : 0.0;
      }
    }
    ASSERT_GT(witnesses, 0.0);
    diff.push_back((active_afraid - active_fearless) / witnesses);
  }
  const auto d = paired(diff);
  EXPECT_LT(d.mean + 3 * d.se, 0.0) << d.mean << " +- " << d.se;
}

}  // namespace
}  // namespace panopticon
