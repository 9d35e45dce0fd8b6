// Property tests of the nine mechanisms (mechanisms.md section 2): each
// checks a behaviour the model must have, over enough seeds that the
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

constexpr int kSeeds = 12;

// More cameras: less expressed dissent and a larger falsification gap.
TEST(Cameras, MoreCoverageChillsDissentAndWidensTheFalsificationGap) {
  std::vector<double> dissent;
  std::vector<double> gap;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto low = run_model(layer_scenario(
        "[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = 0.1\n", seed, 100));
    auto high = run_model(layer_scenario(
        "[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = 0.6\n", seed, 100));
    dissent.push_back(column_mean(*high, "expressed_dissent") -
                      column_mean(*low, "expressed_dissent"));
    gap.push_back(column_mean(*high, "falsification_gap") - column_mean(*low, "falsification_gap"));
  }
  const auto d = paired(dissent);
  const auto g = paired(gap);
  EXPECT_LT(d.mean + 3 * d.se, 0.0) << d.mean << " +- " << d.se;
  EXPECT_GT(g.mean - 3 * g.se, 0.0) << g.mean << " +- " << g.se;
}

// Without false matches and false alarms, a camera records only agents that
// dissented or rebelled; with them, it records others too (the check is live).
TEST(Cameras, NoFalseMatchesMeansNoRecordOfTheBlameless) {
  for (const char* errors : {"fmr = 0\nfmr_ambient = 0\n", "fmr = 0.2\nfmr_ambient = 0.01\n"}) {
    std::uint64_t camera_events = 0;
    std::uint64_t blameless = 0;
    for (int seed = 1; seed <= 4; ++seed) {
      run_model(layer_scenario(std::string("[dissent]\nenabled = true\n[cameras]\nenabled = "
                                           "true\ncoverage = 0.5\n") +
                                   errors,
                               seed, 100),
                [&](const Model& m) {
                  const Society& s = m.compliance()->society();
                  for (const ObservationEvent& e : s.events) {
                    if (e.channel != Channel::kCamera) continue;
                    ++camera_events;
                    blameless += s.history[e.agent] == 0 ? 1U : 0U;
                  }
                });
    }
    ASSERT_GT(camera_events, 100U);
    if (std::string(errors).starts_with("fmr = 0\n")) {
      EXPECT_EQ(blameless, 0U);
    } else {
      EXPECT_GT(blameless, 0U);
    }
  }
}

// Face-recognition error differentials fall on the minority: a higher
// minority factor gives more wrongful detentions of minority citizens.
TEST(Ijop, HigherMinorityFactorMoreWrongfulMinorityDetentions) {
  std::vector<double> diff;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto one = run_model(layer_scenario(
        "[citizens]\nminority_share = 0.3\n[dissent]\nenabled = true\n[cameras]\nenabled = "
        "true\ncoverage = 0.5\nfmr_ambient = 0.01\nminority_fmr_factor = 1\n[ijop]\nenabled = "
        "true\nw_group = 0\ncapacity = 50\n",
        seed, 150));
    auto hundred = run_model(layer_scenario(
        "[citizens]\nminority_share = 0.3\n[dissent]\nenabled = true\n[cameras]\nenabled = "
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
              model.compliance()->last_row()[testing::column("ijop_flagged")]);
        });
    EXPECT_GT(flagged, 0U) << "citizens are flagged, only never investigated";
    EXPECT_EQ(column_mean(*m, "detentions"), 0.0);
  }
}

// A shutdown stops contagion and monitoring while it lasts.
TEST(Telecom, ShutdownStopsContagionWhileItLasts) {
  std::uint64_t down_ticks = 0;
  std::uint64_t up_ticks_with_contagion = 0;
  for (int seed = 1; seed <= 4; ++seed) {
    run_model(layer_scenario("[dissent]\nenabled = true\n[telecom]\nenabled = true\n"
                             "shutdown_at = 0.02\nshutdown_ticks = 5\n",
                             seed, 200),
              [&](const Model& m) {
                const auto row = m.compliance()->last_row();
                const bool down = row[testing::column("telecom_down")] != 0.0;
                const double contagion = row[testing::column("telecom_contagion")];
                if (down) {
                  ++down_ticks;
                  EXPECT_EQ(contagion, 0.0);
                  EXPECT_EQ(row[testing::column("telecom_events")], 0.0);
                  EXPECT_EQ(row[testing::column("telecom_monitored_links")], 0.0);
                } else if (contagion > 0.0) {
                  ++up_ticks_with_contagion;
                }
              });
  }
  EXPECT_GT(down_ticks, 0U);
  EXPECT_GT(up_ticks_with_contagion, 0U);
}

// Blacklisted citizens carry exactly the blacklist hardship (nothing else
// changes hardship here), and everyone else none.
TEST(SocialCredit, BlacklistedCitizensCarryTheBlacklistHardship) {
  std::uint64_t blacklisted = 0;
  run_model(layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = "
                           "0.5\n[social_credit]\nenabled = true\nblacklist_hardship = 0.25\n"
                           "redlist = 1e9\n",
                           1, 150),
            [&](const Model& m) {
              const Society& s = m.compliance()->society();
              for (std::uint32_t id = 0; id < s.citizens; ++id) {
                if (s.blacklisted[id] != 0) {
                  ++blacklisted;
                  ASSERT_EQ(s.hardship_delta[id], 0.25F);
                  ASSERT_EQ(s.sanction_hardship[id], 0.25F);
                  ASSERT_EQ(s.hardship(id), std::min(1.0F, s.hardship0[id] + 0.25F));
                } else {
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                }
              }
            });
  EXPECT_GT(blacklisted, 0U);
}

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

// False denunciations create misattributed events; without them, none.
TEST(Denunciation, FalseReportsCreateMisattributedEvents) {
  for (const double p_false : {0.0, 0.02}) {
    std::uint64_t reports = 0;
    std::uint64_t misattributed = 0;
    run_model(layer_scenario("[dissent]\nenabled = true\n[denunciation]\nenabled = true\n"
                             "p_false = " +
                                 std::to_string(p_false) + "\n",
                             1, 100),
              [&](const Model& m) {
                for (const ObservationEvent& e : m.compliance()->society().events) {
                  if (e.channel != Channel::kDenunciation) continue;
                  ++reports;
                  misattributed += e.misattributed ? 1U : 0U;
                }
              });
    EXPECT_GT(reports, 0U) << p_false;
    if (p_false == 0.0) {
      EXPECT_EQ(misattributed, 0U);
    } else {
      EXPECT_GT(misattributed, 0U);
    }
  }
}

// Public punishment makes witnesses more risk-averse, so they are active
// less often. Causally: from the same state (a checkpoint), one tick with
// fear and one without; among the witnesses, fewer actives with fear.
TEST(PublicPunishment, LowersActivityAmongWitnesses) {
  const std::string common = "[public_punishment]\nenabled = true\np_public = 1\nbacklash = 0\n";
  std::vector<double> diff;
  const auto path = std::filesystem::temp_directory_path() / "panopticon-fear.bin";
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const Scenario afraid = layer_scenario(common + "fear = 2\n", seed, 200);
    const Scenario fearless = layer_scenario(common + "fear = 0\n", seed, 200);
    auto run = make_model(afraid);
    double active_afraid = 0.0;
    double active_fearless = 0.0;
    double witnesses = 0.0;
    for (int probe = 0; probe < 10; ++probe) {
      for (int t = 0; t < 10; ++t) run->step();
      CheckpointWriter w;
      run->save(w);
      w.write(path);
      CheckpointReader in_a(path);
      auto a = load_model(afraid, in_a);
      CheckpointReader in_b(path);
      auto b = load_model(fearless, in_b);
      a->step();
      b->step();
      const Society& sa = a->compliance()->society();
      const Society& sb = b->compliance()->society();
      for (std::uint32_t id = 0; id < sa.citizens; ++id) {
        if (sa.risk_factor[id] == 1.0F) continue;  // not a witness now
        witnesses += 1.0;
        active_afraid += sa.state[id] == Behaviour::kActive ? 1.0 : 0.0;
        active_fearless += sb.state[id] == Behaviour::kActive ? 1.0 : 0.0;
      }
    }
    ASSERT_GT(witnesses, 0.0);
    diff.push_back((active_afraid - active_fearless) / witnesses);
  }
  std::filesystem::remove(path);
  const auto d = paired(diff);
  EXPECT_LT(d.mean + 3 * d.se, 0.0) << d.mean << " +- " << d.se;
}

// High-tech policing: warrants from camera records arrest citizens the cops
// did not catch in the act; without technology, none. (Actives must occur on
// covered cells: a lower legitimacy, and cameras that do not deter.)
TEST(Policing, WarrantsArrestOnCameraRecords) {
  for (const double tech : {0.0, 0.8}) {
    const Scenario s = layer_scenario(
        "[legitimacy]\ninitial = 0.6\n[cameras]\nenabled = true\ncoverage = 0.5\ndeterrence = "
        "0\n[policing]\nenabled = true\ntech_level = " +
            std::to_string(tech) + "\n",
        1, 150);
    EXPECT_DOUBLE_EQ(s.cop_vision, 7.0 + tech * 2.0);
    double warrants = 0.0;
    run_model(s, [&](const Model& m) {
      warrants += m.compliance()->last_row()[testing::column("policing_warrant_arrests")];
    });
    if (tech == 0.0) {
      EXPECT_EQ(warrants, 0.0);
    } else {
      EXPECT_GT(warrants, 0.0);
    }
  }
}

// The card pays only holders in good standing.
TEST(IdCard, BenefitOnlyWithoutRecentRecords) {
  std::uint64_t paid = 0;
  std::uint64_t withheld = 0;
  run_model(layer_scenario("[dissent]\nenabled = true\n[cameras]\nenabled = true\ncoverage = "
                           "0.5\n[id_card]\nenabled = true\nenrolment = 1\nbenefit = 0.1\n"
                           "window = 10\n",
                           1, 100),
            [&](const Model& m) {
              const Society& s = m.compliance()->society();
              for (std::uint32_t id = 0; id < s.citizens; ++id) {
                if (!s.at_liberty(id)) {  // paid to holders at liberty only
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                  continue;
                }
                const bool recent = s.tick - s.last_record[id] <= 10;
                if (recent) {
                  ++withheld;
                  ASSERT_EQ(s.hardship_delta[id], 0.0F);
                } else {
                  ++paid;
                  ASSERT_EQ(s.hardship_delta[id], -0.1F);
                }
              }
            });
  EXPECT_GT(paid, 0U);
  EXPECT_GT(withheld, 0U);
}

}  // namespace
}  // namespace panopticon
