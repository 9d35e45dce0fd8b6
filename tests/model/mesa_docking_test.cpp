// Docking with Mesa's own example: the `mesa` rule-set against Mesa's
// epstein_civil_violence example (Mesa v3.3.1, 2b27a10a, unmodified), both
// under NetLogo's parameters (Run 2: 40x40 torus, citizen density 0.7, cop
// density 0.04, vision 7 for citizens and cops, L = 0.82, J_max = 30,
// T = 0.1, k = 2.3, movement on), 2,000 ticks per seed. Mesa's side is its
// figures, recorded below (not its code): seeds 1-30 of
//   MESA_GIT_DIR=... /work/shared/peers/mesa-epstein/run.sh \
//       --preset netlogo-params --steps 2000 --seed S
// reduced with the definitions of src/io/summary.cpp (an outburst is a
// maximal run of ticks with more than 50 actives; means over ticks 1-2000;
// "jailed" is Mesa's ARRESTED state). Ours: scenarios/epstein-2002/run2.toml
// with model.ruleset = mesa, seeds 1-40.
//
// Two statistics per seed, the outburst rate (per 1000 ticks) and the mean
// number of prisoners, compared two ways, each required to give |z| <= 3:
//   - two-sample z (Welch) of the means over seeds;
//   - the same difference adjusted for the number of cops placed: under
//     binomial placement (Mesa's, and the rule-set's) it varies between seeds
//     (50-76 in Mesa's seeds 1-30, 50-81 in ours) and drives both
//     statistics (about -1.15 outbursts per 1000 ticks and -7.6 prisoners
//     per cop), so a least-squares fit with a common slope on the cop count
//     takes most of the seed-to-seed spread out and sharpens the comparison.
// With the recorded figures |z| <= 3 allows about +-6.5 outbursts per 1000
// ticks and +-38 prisoners unadjusted, +-3.6 and +-11 at equal cops, on means
// of about 20 and 220. The runs are deterministic (fixed seeds), so the test
// does not fail by chance; a rule set the NetLogo way must fail it
// (WouldRejectAWrongRule). docs/VALIDATION.md, "Docking with Mesa's example",
// has the figures and how they were made.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <iostream>
#include <numeric>
#include <vector>

#include "../sanitized_build.hpp"
#include "panopticon/random_sequential.hpp"
#include "panopticon/summary.hpp"

namespace panopticon {
namespace {

constexpr std::int64_t kSteps = 2000;
constexpr std::uint64_t kOurSeeds = 40;
constexpr double kTolerance = 3.0;  // |z|

// One seed of Mesa's example: what it placed and what it gave.
struct MesaSeed {
  int seed;
  int citizens;
  int cops;
  int outbursts;       // over ticks 0-2000, more than 50 actives
  double mean_active;  // over ticks 1-2000
  double mean_jailed;  // over ticks 1-2000 (state ARRESTED)
};

// clang-format off
constexpr MesaSeed kMesa[] = {
    // seed, citizens, cops, outbursts, mean active, mean jailed
    {1, 1106, 69, 20, 10.442, 171.248},
    {2, 1111, 76, 23, 8.396, 139.229},
    {3, 1115, 67, 23, 9.820, 162.397},
    {4, 1125, 65, 35, 15.204, 217.671},
    {5, 1139, 70, 23, 9.662, 160.725},
    {6, 1091, 56, 59, 21.724, 273.586},
    {7, 1139, 57, 65, 22.561, 281.080},
    {8, 1124, 66, 39, 14.059, 213.252},
    {9, 1128, 61, 29, 14.939, 212.989},
    {10, 1129, 56, 52, 21.489, 269.207},
    {11, 1124, 61, 37, 14.107, 206.772},
    {12, 1090, 58, 44, 18.099, 245.310},
    {13, 1108, 56, 52, 20.668, 263.068},
    {14, 1134, 53, 82, 28.065, 318.318},
    {15, 1091, 61, 36, 16.771, 241.023},
    {16, 1105, 63, 38, 14.934, 215.734},
    {17, 1120, 63, 33, 15.168, 218.371},
    {18, 1118, 67, 24, 10.124, 173.346},
    {19, 1143, 57, 48, 19.744, 255.683},
    {20, 1105, 70, 16, 9.017, 151.246},
    {21, 1121, 55, 56, 22.761, 284.951},
    {22, 1099, 68, 22, 10.029, 164.105},
    {23, 1132, 50, 78, 27.361, 310.274},
    {24, 1102, 71, 31, 10.810, 164.635},
    {25, 1111, 64, 35, 14.143, 214.698},
    {26, 1125, 61, 43, 16.851, 234.981},
    {27, 1097, 69, 35, 10.899, 164.800},
    {28, 1111, 55, 60, 23.707, 291.101},
    {29, 1088, 67, 28, 10.745, 171.383},
    {30, 1137, 61, 42, 15.471, 216.907},
};
// clang-format on

struct SeedFigures {
  double cops = 0.0;
  double outburst_rate = 0.0;  // per 1000 ticks
  double mean_jailed = 0.0;
};

std::vector<SeedFigures> mesa_figures() {
  std::vector<SeedFigures> out;
  for (const MesaSeed& m : kMesa) {
    out.push_back({static_cast<double>(m.cops),
                   1000.0 * static_cast<double>(m.outbursts) / static_cast<double>(kSteps),
                   m.mean_jailed});
  }
  return out;
}

std::vector<SeedFigures> our_figures(const std::vector<Override>& extra = {}) {
  std::vector<Override> overrides{{"model.ruleset", "mesa"}};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  Scenario s = load_scenario(
      std::string(PANOPTICON_SOURCE_DIR) + "/scenarios/epstein-2002/run2.toml", overrides);
  s.steps = kSteps;
  std::vector<SeedFigures> out;
  for (std::uint64_t seed = 1; seed <= kOurSeeds; ++seed) {
    s.seed = seed;
    RandomSequentialSimulation sim(s);
    std::vector<TickCounts> rows{sim.counts()};
    double jailed = 0.0;
    for (std::int64_t t = 0; t < kSteps; ++t) {
      sim.step();
      rows.push_back(sim.counts());
      jailed += static_cast<double>(rows.back().jailed);
    }
    const RunSummary sum = summarize(rows, 50);
    out.push_back({static_cast<double>(rows.front().cops),
                   1000.0 * static_cast<double>(sum.outbursts.size()) / static_cast<double>(kSteps),
                   jailed / static_cast<double>(kSteps)});
  }
  return out;
}

using Field = double SeedFigures::*;

double mean(const std::vector<SeedFigures>& v, Field f) {
  double sum = 0.0;
  for (const SeedFigures& x : v) sum += x.*f;
  return sum / static_cast<double>(v.size());
}

double variance(const std::vector<SeedFigures>& v, Field f) {
  const double m = mean(v, f);
  double ss = 0.0;
  for (const SeedFigures& x : v) ss += (x.*f - m) * (x.*f - m);
  return ss / static_cast<double>(v.size() - 1);
}

// (ours - Mesa) / its standard error, from the spreads over seeds.
double welch_z(const std::vector<SeedFigures>& ours, const std::vector<SeedFigures>& mesa,
               Field f) {
  const double se = std::sqrt(variance(ours, f) / static_cast<double>(ours.size()) +
                              variance(mesa, f) / static_cast<double>(mesa.size()));
  return (mean(ours, f) - mean(mesa, f)) / se;
}

struct Adjusted {
  double difference;  // ours - Mesa at the same cop count
  double z;           // difference / its standard error
  double slope;       // per cop, common to both
};

// Least squares y = a + d * [ours] + b * (cops - 64) over both samples; the
// standard error of d from the residual variance (n - 3 degrees of freedom).
Adjusted adjusted(const std::vector<SeedFigures>& ours, const std::vector<SeedFigures>& mesa,
                  Field f) {
  std::array<std::array<double, 3>, 3> xtx{};
  std::array<double, 3> xty{};
  std::vector<std::pair<std::array<double, 3>, double>> points;
  for (const auto* sample : {&ours, &mesa}) {
    for (const SeedFigures& x : *sample) {
      points.push_back({{1.0, sample == &ours ? 1.0 : 0.0, x.cops - 64.0}, x.*f});
    }
  }
  for (const auto& [row, y] : points) {
    for (std::size_t i = 0; i < 3; ++i) {
      xty[i] += row[i] * y;
      for (std::size_t j = 0; j < 3; ++j) xtx[i][j] += row[i] * row[j];
    }
  }
  // The inverse of the symmetric 3x3 X'X by cofactors.
  const auto& m = xtx;
  std::array<std::array<double, 3>, 3> inv{};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      const std::size_t r0 = (j + 1) % 3;
      const std::size_t r1 = (j + 2) % 3;
      const std::size_t c0 = (i + 1) % 3;
      const std::size_t c1 = (i + 2) % 3;
      inv[i][j] = m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
    }
  }
  const double det = m[0][0] * inv[0][0] + m[0][1] * inv[1][0] + m[0][2] * inv[2][0];
  std::array<double, 3> beta{};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) inv[i][j] /= det;
    for (std::size_t j = 0; j < 3; ++j) beta[i] += inv[i][j] * xty[j];
  }
  double rss = 0.0;
  for (const auto& [row, y] : points) {
    const double e = y - (beta[0] * row[0] + beta[1] * row[1] + beta[2] * row[2]);
    rss += e * e;
  }
  const double s2 = rss / static_cast<double>(points.size() - 3);
  return {beta[1], beta[1] / std::sqrt(s2 * inv[1][1]), beta[2]};
}

struct Docking {
  double rate_z, rate_adjusted_z, jailed_z, jailed_adjusted_z;
  double worst() const {
    return std::max({std::abs(rate_z), std::abs(rate_adjusted_z), std::abs(jailed_z),
                     std::abs(jailed_adjusted_z)});
  }
};

Docking dock(const std::vector<SeedFigures>& ours, const char* label) {
  const auto mesa = mesa_figures();
  const Field rate = &SeedFigures::outburst_rate;
  const Field jailed = &SeedFigures::mean_jailed;
  const Adjusted ar = adjusted(ours, mesa, rate);
  const Adjusted aj = adjusted(ours, mesa, jailed);
  const Docking d{welch_z(ours, mesa, rate), ar.z, welch_z(ours, mesa, jailed), aj.z};
  std::cout << label << ": outbursts per 1000 ticks " << mean(ours, rate) << " ± "
            << std::sqrt(variance(ours, rate)) << " (Mesa " << mean(mesa, rate) << " ± "
            << std::sqrt(variance(mesa, rate)) << "), z " << d.rate_z << ", at equal cops "
            << ar.difference << " (z " << d.rate_adjusted_z << ", slope " << ar.slope
            << "/cop); mean jailed " << mean(ours, jailed) << " ± "
            << std::sqrt(variance(ours, jailed)) << " (Mesa " << mean(mesa, jailed) << " ± "
            << std::sqrt(variance(mesa, jailed)) << "), z " << d.jailed_z << ", at equal cops "
            << aj.difference << " (z " << d.jailed_adjusted_z << ", slope " << aj.slope
            << "/cop)\n";
  return d;
}

TEST(MesaDocking, RecordedFiguresAreMesasRun) {
  // The table is what Mesa placed: binomial counts around 0.7 and 0.04 of 1600.
  double citizens = 0.0;
  double cops = 0.0;
  const auto n = static_cast<double>(std::size(kMesa));
  for (std::size_t i = 0; i < std::size(kMesa); ++i) {
    const MesaSeed& m = kMesa[i];
    citizens += m.citizens;
    cops += m.cops;
    EXPECT_EQ(m.seed, static_cast<int>(i) + 1);
    EXPECT_LE(m.mean_active + m.mean_jailed, m.citizens);
  }
  EXPECT_EQ(std::size(kMesa), 30U);
  EXPECT_NEAR(citizens / n, 1120.0, 3 * std::sqrt(1600 * 0.7 * 0.3 / n));
  EXPECT_NEAR(cops / n, 64.0, 3 * std::sqrt(1600 * 0.04 * 0.96 / n));
}

TEST(MesaDocking, OutburstRateAndMeanJailedMatchMesasExample) {
  if (testing::kSanitizedBuild) GTEST_SKIP() << "statistical; run by the Release suite";
  const Docking d = dock(our_figures(), "mesa rule-set");
  EXPECT_LE(std::abs(d.rate_z), kTolerance) << "outbursts per 1000 ticks, two-sample";
  EXPECT_LE(std::abs(d.rate_adjusted_z), kTolerance) << "outbursts per 1000 ticks, at equal cops";
  EXPECT_LE(std::abs(d.jailed_z), kTolerance) << "mean jailed, two-sample";
  EXPECT_LE(std::abs(d.jailed_adjusted_z), kTolerance) << "mean jailed, at equal cops";
}

// The docking test can fail: one rule item set the NetLogo way is rejected.
TEST(MesaDocking, WouldRejectAWrongRule) {
  if (testing::kSanitizedBuild) GTEST_SKIP() << "statistical; run by the Release suite";
  for (const Override& wrong :
       {Override{"rules.order", "move_then_act"}, Override{"rules.ratio", "floor"}}) {
    const Docking d = dock(our_figures({wrong}), (wrong.key + "=" + wrong.value).c_str());
    EXPECT_GT(d.worst(), kTolerance) << wrong.key << "=" << wrong.value;
  }
}

}  // namespace
}  // namespace panopticon
