// The cameras' effect on ordinary offences against the CCTV evaluations
// (docs/VALIDATION.md, CCTV; scenarios/validation/cctv-*.toml): the
// calibrated overall effect on seeds other than those it was calibrated on,
// and the order of the three settings, which nothing was tuned to.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../compliance/layer_fixture.hpp"
#include "../sanitized_build.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/model.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {
namespace {

// camera_offence_effect over the whole run of each seed in [first, last].
std::vector<double> camera_effects(const std::string& name, int first, int last) {
  const std::string file = std::string(PANOPTICON_SOURCE_DIR) + "/scenarios/validation/" + name;
  std::vector<double> effects;
  const std::size_t m = metric_index("camera_offence_effect");
  for (int seed = first; seed <= last; ++seed) {
    const Scenario s = load_scenario(file, {{"model.seed", std::to_string(seed)}});
    auto model = testing::run_model(s);
    const auto v = window_metrics(model->results(), headcount_of(*model), s,
                                  TickWindow{1, s.steps, "whole_run"});
    EXPECT_FALSE(std::isnan(v[m])) << name << " seed " << seed;
    effects.push_back(v[m]);
  }
  return effects;
}

// crime.camera_identification was set on seeds 1-20 (-16.3% +/- 0.8%);
// on seeds 21-40 the mean effect is within 0.03 (about 3.5 standard
// errors) of Welsh and Farrington's -16% [S42].
TEST(CctvValidation, OverallEffectIsTheMetaAnalysisOnFreshSeeds) {
  if (testing::kSanitizedBuild) GTEST_SKIP() << "statistical; run by the Release suite";
  const auto p = testing::paired(camera_effects("cctv-overall.toml", 21, 40));
  std::cout << "cctv-overall, seeds 21-40: " << p.mean << " +- " << p.se << "\n";
  EXPECT_NEAR(p.mean, -0.16, 0.03);
  EXPECT_LT(p.se, 0.012);  // the tolerance is several standard errors wide
}

// Town centres (patrolled, crowds as witnesses) show a smaller effect than
// the overall setting, car parks (few guardians, deterrable property crime)
// a larger one: the order of [S42]'s -7%, -16% and -51%. Paired on the
// same seeds, each gap exceeds 3 standard errors of its difference.
TEST(CctvValidation, TownCentresLessAndCarParksMoreThanOverall) {
  if (testing::kSanitizedBuild) GTEST_SKIP() << "statistical; run by the Release suite";
  const auto overall = camera_effects("cctv-overall.toml", 1, 20);
  const auto town = camera_effects("cctv-town-centre.toml", 1, 20);
  const auto car_park = camera_effects("cctv-car-park.toml", 1, 20);
  std::vector<double> town_gap;
  std::vector<double> car_park_gap;
  for (std::size_t i = 0; i < overall.size(); ++i) {
    town_gap.push_back(town[i] - overall[i]);
    car_park_gap.push_back(overall[i] - car_park[i]);
  }
  const auto t = testing::paired(town_gap);
  const auto c = testing::paired(car_park_gap);
  std::cout << "town centre - overall: " << t.mean << " +- " << t.se
            << "; overall - car park: " << c.mean << " +- " << c.se << "\n";
  EXPECT_GT(t.mean - 3 * t.se, 0.0);
  EXPECT_GT(c.mean - 3 * c.se, 0.0);
  // Neither reaches its target: the car park falls short of -51% and the
  // town centre is stronger than -7% (docs/VALIDATION.md reports both).
  EXPECT_LT(testing::paired(town).mean, 0.0);
  EXPECT_GT(testing::paired(car_park).mean, -0.51);
}

}  // namespace
}  // namespace panopticon
