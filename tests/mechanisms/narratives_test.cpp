// Property tests of narratives (src/mechanisms/narratives.cpp; mechanisms.md
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

TEST(Narratives, RaiseMeanLegitimacy) {
  std::vector<double> diff;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto with = run_model(
        layer_scenario("[narratives]\nenabled = true\nrepression_erosion = 0\n", seed, 100));
    Scenario off = layer_scenario("", seed, 100);
    off.compliance_forced = true;
    auto plain = run_model(off);
    diff.push_back(column_mean(*with, "mean_legitimacy") - column_mean(*plain, "mean_legitimacy"));
  }
  const auto d = paired(diff);
  EXPECT_GT(d.mean - 3 * d.se, 0.0) << d.mean << " +- " << d.se;
}

}  // namespace
}  // namespace panopticon
