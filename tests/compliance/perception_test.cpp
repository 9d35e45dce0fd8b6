// Learned perception (docs/MODEL.md, Perception) and what the state may
// know (dissent.state_knowledge): beliefs follow the sanctions citizens
// witness, and nothing reads the true social network or leaks across
// confinement.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "layer_fixture.hpp"
#include "panopticon/results_table.hpp"

namespace panopticon {
namespace {

using testing::layer_scenario;
using testing::run_model;

// The mean of a results column over ticks first..last.
double mean_over(const Model& m, const std::string& name, std::size_t first, std::size_t last) {
  const ResultsTable& r = m.results();
  const ResultSlot c = r.slot(name);
  double total = 0.0;
  for (std::size_t t = first; t <= last; ++t) total += r.at(t, c);
  return total / static_cast<double>(last - first + 1);
}
double sum_over(const Model& m, const std::string& name, std::size_t first, std::size_t last) {
  return mean_over(m, name, first, last) * static_cast<double>(last - first + 1);
}

// Cameras alone, adopted at tick 50: their records are never followed by a
// sanction (no policing warrants, no card, no lists, no platform), so the
// chill they set as a prior fades to the level without one (0) as citizens
// see acts go unpunished. Under the fixed belief it stays.
TEST(Perception, WithoutSanctionsLearnedChillingDecaysToThePriorFreeLevel) {
  const std::string cameras =
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\nstart_tick = 50\ncoverage = 0.5\n";
  for (int seed = 1; seed <= 5; ++seed) {
    auto learned = run_model(layer_scenario(cameras, seed, 400));
    auto fixed = run_model(layer_scenario("[perception]\nmode = \"fixed\"\n" + cameras, seed, 400));
    const double at_adoption = mean_over(*learned, "perceived_active_risk", 50, 52);
    const double prior = mean_over(*fixed, "perceived_active_risk", 300, 400);
    EXPECT_GT(at_adoption, 0.5 * prior) << "seed " << seed;  // the prior, at first
    EXPECT_EQ(sum_over(*learned, "sanctions_dissent", 1, 400) +
                  sum_over(*learned, "sanctions_active", 1, 400),
              0.0);
    // Stated tolerances, over ticks 300-400: DISSENT, seen every tick by the
    // hundreds, below 5% of the prior's level; ACTIVE, seen in outbursts
    // only (the belief moves only with acts seen), below 10% of it.
    EXPECT_LT(mean_over(*learned, "perceived_active_risk", 300, 400), 0.1 * prior)
        << "seed " << seed;
    EXPECT_LT(mean_over(*learned, "perceived_dissent_risk", 300, 400),
              0.05 * mean_over(*fixed, "perceived_dissent_risk", 300, 400))
        << "seed " << seed;
    // And the chilled dissent comes back.
    EXPECT_GT(mean_over(*learned, "expressed_dissent", 300, 400),
              mean_over(*fixed, "expressed_dissent", 300, 400))
        << "seed " << seed;
  }
}

// With sanctions that follow records (telecom records DISSENT, the card
// withholds the benefit of whoever is recorded), the belief converges to
// the true rate of sanctions per act, the model's ground truth: within 20%
// (relative) on average over ticks 300-500, in each of 5 seeds.
TEST(Perception, WithSanctionsTheBeliefConvergesToTheTrueRate) {
  const std::string system =
      "[dissent]\nenabled = true\n[telecom]\nenabled = true\ncontagion = 0\nshutdown_at = 1\n"
      "[id_card]\nenabled = true\n";
  for (int seed = 1; seed <= 5; ++seed) {
    auto m = run_model(layer_scenario(system, seed, 500));
    const double truth =
        sum_over(*m, "sanctions_dissent", 300, 500) / sum_over(*m, "dissent", 300, 500);
    const double belief = mean_over(*m, "perceived_dissent_risk", 300, 500);
    ASSERT_GT(truth, 0.01) << "seed " << seed;
    EXPECT_NEAR(belief / truth, 1.0, 0.2)
        << "seed " << seed << ": belief " << belief << ", true rate " << truth;
  }
}

// Listing needs recorded violations (list_rule = violations): a citizen
// never recorded ACTIVE nor arrested is never blacklisted, however low its
// score. The score rule lists by score alone, so the same check fails there.
TEST(Perception, ListingNeedsRecordedViolations) {
  const std::string system =
      "[dissent]\nenabled = true\n[cameras]\nenabled = true\n[telecom]\nenabled = true\n"
      "[social_credit]\nenabled = true\n";
  for (const char* rule : {"violations", "score"}) {
    std::uint64_t listed = 0;
    std::uint64_t listed_without_record = 0;
    for (int seed = 1; seed <= 3; ++seed) {
      std::vector<std::uint8_t> violated;
      run_model(layer_scenario(system + "list_rule = \"" + rule + "\"\n", seed, 300),
                [&](const Model& m) {
                  const Society& s = m.compliance()->society();
                  violated.resize(s.citizens, 0);
                  for (std::uint32_t id = 0; id < s.citizens; ++id) {
                    if ((s.recorded[id] & (kRecordedActive | kRecordedArrest)) != 0)
                      violated[id] = 1;
                    if (s.blacklisted[id] == 0) continue;
                    ++listed;
                    listed_without_record += violated[id] == 0 ? 1U : 0U;
                  }
                });
    }
    ASSERT_GT(listed, 0U) << rule;
    if (std::string(rule) == "violations") {
      EXPECT_EQ(listed_without_record, 0U);
    } else {
      EXPECT_GT(listed_without_record, 0U);  // a low score alone lists
    }
  }
}

// With telecom off, the platform's contact signal and guilt by association
// read no network: a weight on contacts changes nothing. (The platform here
// has no location records either, so no co-location.) Under the legacy rule
// they read the true network, and the weight changes the run.
TEST(Perception, NoSignalReadsTheTrueNetworkWithoutTelecom) {
  for (const std::string knowledge : {"recorded", "legacy"}) {
    auto with_weights = [&](const std::string& association, const std::string& contact) {
      return run_model(layer_scenario(
          "[dissent]\nenabled = true\nstate_knowledge = \"" + knowledge +
              "\"\n[denunciation]\nenabled = true\np_report = 0.2\n[social_credit]\nenabled = "
              "true\nassociation_penalty = " +
              association + "\n[ijop]\nenabled = true\ncapacity = 20\nw_contact = " + contact +
              "\n",
          1, 200));
    };
    const auto plain = with_weights("0", "0");
    const auto weighted = with_weights("50", "5");
    const double risk_plain = sum_over(*plain, "ijop_mean_risk", 1, 200);
    const double risk_weighted = sum_over(*weighted, "ijop_mean_risk", 1, 200);
    const double score_plain = sum_over(*plain, "social_credit_mean_score", 1, 200);
    const double score_weighted = sum_over(*weighted, "social_credit_mean_score", 1, 200);
    if (knowledge == "recorded") {
      EXPECT_EQ(risk_plain, risk_weighted);
      EXPECT_EQ(score_plain, score_weighted);
    } else {
      EXPECT_NE(risk_plain, risk_weighted);
      EXPECT_NE(score_plain, score_weighted);
    }
  }
}

// A confined citizen earns no social-credit reward and recovers nothing,
// and no camera's false match lands on it. Under the legacy rule both leak.
TEST(Perception, ConfinedCitizensEarnNothingAndMatchNothing) {
  for (const std::string knowledge : {"recorded", "legacy"}) {
    std::uint64_t confined_ticks = 0;
    std::uint64_t gained = 0;
    std::uint64_t false_matches = 0;
    std::uint64_t on_the_confined = 0;
    for (int seed = 1; seed <= 3; ++seed) {
      std::vector<float> before;
      std::vector<std::uint8_t> was_confined;
      run_model(layer_scenario("[dissent]\nenabled = true\nstate_knowledge = \"" + knowledge +
                                   "\"\n[cameras]\nenabled = true\ncoverage = 0.6\nfmr = 0.5\n"
                                   "[policing]\nenabled = true\n[social_credit]\nenabled = true\n"
                                   "reward = 5\n",
                               seed, 200),
                [&](const Model& m) {
                  const Society& s = m.compliance()->society();
                  const auto score = s.columns.get<float>("social_credit_score");
                  before.resize(s.citizens, 0.0F);
                  was_confined.resize(s.citizens, 0);
                  for (std::uint32_t id = 0; id < s.citizens; ++id) {
                    const bool confined = !s.at_liberty(id);
                    if (confined && was_confined[id] != 0) {
                      ++confined_ticks;
                      gained += score[id] > before[id] ? 1U : 0U;
                    }
                    was_confined[id] = confined ? 1 : 0;
                    before[id] = score[id];
                  }
                  // Cameras look after the tick's arrests and detentions, and
                  // nothing confines after them: an event's agent confined now
                  // was confined when the camera matched it.
                  for (const ObservationEvent& e : s.events) {
                    if (e.channel != Channel::kCamera || !e.misattributed) continue;
                    ++false_matches;
                    on_the_confined += s.at_liberty(e.agent) ? 0U : 1U;
                  }
                });
    }
    ASSERT_GT(confined_ticks, 1000U) << knowledge;
    ASSERT_GT(false_matches, 100U) << knowledge;
    if (knowledge == "recorded") {
      EXPECT_EQ(gained, 0U);
      EXPECT_EQ(on_the_confined, 0U);
    } else {
      EXPECT_GT(gained, 0U);
      EXPECT_GT(on_the_confined, 0U);
    }
  }
}

}  // namespace
}  // namespace panopticon
