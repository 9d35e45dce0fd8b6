// Property tests of ijop (src/mechanisms/ijop.cpp; mechanisms.md
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

// Under the fixed belief, so that dissent stays as chilled as the cameras'
// prior makes it: with learned perception and no sanction for dissent but
// detention, dissent grows until true records fill the platform's capacity
// and the false matches' differential no longer decides who is detained.
TEST(Ijop, HigherMinorityFactorMoreWrongfulMinorityDetentions) {
  std::vector<double> diff;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto one = run_model(layer_scenario(
        "[citizens]\nminority_share = 0.3\n[perception]\nmode = \"fixed\"\n[dissent]\nenabled = "
        "true\n[cameras]\nenabled = "
        "true\ncoverage = 0.5\nfmr_ambient = 0.01\nminority_fmr_factor = 1\n[ijop]\nenabled = "
        "true\nw_group = 0\ncapacity = 50\n",
        seed, 150));
    auto hundred = run_model(layer_scenario(
        "[citizens]\nminority_share = 0.3\n[perception]\nmode = \"fixed\"\n[dissent]\nenabled = "
        "true\n[cameras]\nenabled = "
        "true\ncoverage = 0.5\nfmr_ambient = 0.01\nminority_fmr_factor = 100\n[ijop]\nenabled = "
        "true\nw_group = 0\ncapacity = 50\n",
        seed, 150));
    diff.push_back(column_mean(*hundred, "minority_wrongful_detentions") -
                   column_mean(*one, "minority_wrongful_detentions"));
  }
  const auto d = paired(diff);
  EXPECT_GT(d.mean - 3 * d.se, 0.0) << d.mean << " +- " << d.se;
}

TEST(Ijop, NoCapacityNoDetentions) {
  for (int seed = 1; seed <= 4; ++seed) {
    std::uint64_t flagged = 0;
    auto m = run_model(
        layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\n[ijop]\nenabled = "
                       "true\ncapacity = 0\n",
                       seed, 150),
        [&](const Model& model) {
          EXPECT_EQ(model.compliance()->detained(), 0U);
          flagged += static_cast<std::uint64_t>(
              model.results().last_row()[testing::column("ijop_flagged")]);
        });
    EXPECT_GT(flagged, 0U) << "citizens are flagged, only never investigated";
    EXPECT_EQ(column_mean(*m, "detentions"), 0.0);
  }
}

}  // namespace
}  // namespace panopticon
