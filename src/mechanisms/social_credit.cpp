// social_credit: scores, blacklists and redlists with joint punishment
// (mechanisms.md 2.5; [S1-S3], [S10-S17]). Scores move on observation
// events only: clear sanctions for records, vague rewards for clean ticks
// [S18]. The blacklist is the layer's (`blacklisted`), which the card and
// the platform read; it empties when social credit stops.
#include <cmath>

#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

class SocialCredit final : public Mechanism {
 public:
  explicit SocialCredit(const MechanismContext& c)
      : p_(c.society, c.info.name),
        start_(p_.real("start")),
        penalty_dissent_p_(p_.number("penalty_dissent")),
        penalty_active_p_(p_.number("penalty_active")),
        penalty_arrest_p_(p_.number("penalty_arrest")),
        reward_p_(p_.number("reward")),
        rehabilitation_p_(p_.number("rehabilitation")),
        blacklist_p_(p_.number("blacklist")),
        blacklist_hardship_p_(p_.number("blacklist_hardship")),
        redlist_p_(p_.number("redlist")),
        redlist_benefit_p_(p_.number("redlist_benefit")),
        association_p_(p_.number("association_penalty")),
        score_(c.society.columns.get<float>("social_credit_score")),
        redlisted_(c.society.columns.get<std::uint8_t>("social_credit_redlisted")),
        mean_slot_(c.result("mean_score")),
        blacklisted_slot_(c.result("blacklisted")),
        redlisted_slot_(c.result("redlisted")) {
    score_.fill(static_cast<float>(start_));
  }

  void tune(Society& s, EngineAccess& /*engine*/) override {
    penalty_dissent_ = penalty_dissent_p_.at(s.tick);
    penalty_active_ = penalty_active_p_.at(s.tick);
    penalty_arrest_ = penalty_arrest_p_.at(s.tick);
    reward_ = reward_p_.at(s.tick);
    rehabilitation_ = rehabilitation_p_.at(s.tick);
    blacklist_ = blacklist_p_.at(s.tick);
    blacklist_hardship_ = static_cast<float>(blacklist_hardship_p_.at(s.tick));
    redlist_ = redlist_p_.at(s.tick);
    redlist_benefit_ = static_cast<float>(redlist_benefit_p_.at(s.tick));
    association_ = association_p_.at(s.tick);
    // Points earned by reports (denunciation), when it is on.
    bonus_ = s.columns.find<float>("denunciation_reward");
  }

  // The lists it keeps go with it, and the hardship and benefits its last
  // sanctions gave, so that from this tick on nothing of it is in force.
  void stop(Society& s, EngineAccess& /*engine*/) override {
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.blacklisted[id] != 0) {
        s.hardship_delta[id] -= blacklist_hardship_;
        s.sanction_hardship[id] -= blacklist_hardship_;
      } else if (redlisted_[id] != 0) {
        s.hardship_delta[id] += redlist_benefit_;
      }
    }
    s.blacklisted.fill(0);
  }

  void score(Society& s) override {
    // Guilt by association, only when it costs anything (x - 0 is x).
    const bool by_association = association_ > 0.0;
    if (by_association) {
      association_scratch_.assign(s.citizens, 0.0F);
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        if (s.blacklisted[id] == 0) continue;
        for (const std::uint32_t j : s.network.contacts(id)) {
          association_scratch_[j] += static_cast<float>(association_);
        }
      }
    }
    blacklisted_ = 0;
    redlisted_count_ = 0;
    double total = 0.0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      double v = score_[id];
      const std::uint8_t r = s.recorded[id];
      if ((r & kRecordedDissent) != 0) v -= penalty_dissent_;
      if ((r & kRecordedActive) != 0) v -= penalty_active_;
      if ((r & kRecordedArrest) != 0) v -= penalty_arrest_;
      if (r == 0) v += reward_;
      const float bonus = bonus_ ? bonus_[id] : 0.0F;
      v += by_association ? bonus - association_scratch_[id] : bonus;
      v += rehabilitation_ * (start_ - v);
      score_[id] = static_cast<float>(v);
      s.blacklisted[id] = v < blacklist_ ? 1 : 0;
      redlisted_[id] = v >= redlist_ ? 1 : 0;
      blacklisted_ += s.blacklisted[id];
      redlisted_count_ += redlisted_[id];
      total += v;
    }
    mean_score_ = total / std::max<double>(1.0, s.citizens);
  }

  void sanction(Society& s) override {
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.blacklisted[id] != 0) {
        s.hardship_delta[id] += blacklist_hardship_;
        s.sanction_hardship[id] += blacklist_hardship_;
      } else if (redlisted_[id] != 0) {
        s.hardship_delta[id] -= redlist_benefit_;
      }
    }
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(mean_slot_, mean_score_);
    row.set(blacklisted_slot_, static_cast<double>(blacklisted_));
    row.set(redlisted_slot_, static_cast<double>(redlisted_count_));
  }

 private:
  Params p_;
  double start_;
  LiveParameters::Number penalty_dissent_p_;
  LiveParameters::Number penalty_active_p_;
  LiveParameters::Number penalty_arrest_p_;
  LiveParameters::Number reward_p_;
  LiveParameters::Number rehabilitation_p_;
  LiveParameters::Number blacklist_p_;
  LiveParameters::Number blacklist_hardship_p_;
  LiveParameters::Number redlist_p_;
  LiveParameters::Number redlist_benefit_p_;
  LiveParameters::Number association_p_;
  Column<float> score_;
  Column<std::uint8_t> redlisted_;
  Column<float> bonus_;
  ResultSlot mean_slot_;
  ResultSlot blacklisted_slot_;
  ResultSlot redlisted_slot_;
  double penalty_dissent_ = 0.0;
  double penalty_active_ = 0.0;
  double penalty_arrest_ = 0.0;
  double reward_ = 0.0;
  double rehabilitation_ = 0.0;
  double blacklist_ = 0.0;
  float blacklist_hardship_ = 0.0F;
  double redlist_ = 0.0;
  float redlist_benefit_ = 0.0F;
  double association_ = 0.0;
  std::vector<float> association_scratch_;  // per tick: points lost to blacklisted contacts
  double mean_score_ = 0.0;
  std::uint64_t blacklisted_ = 0;
  std::uint64_t redlisted_count_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(social_credit, 500) {
  MechanismInfo m;
  m.title = "social credit scores, blacklists and redlists with joint punishment";
  m.phases = kScore | kSanction;
  m.needs_network = true;
  m.parameters = {
      enabled("social_credit", "social credit scoring"),
      real("social_credit.start", 1000, 0, 1e9, "points", "every citizen's starting score",
           "[S17] (Rongcheng)"),
      live("social_credit.penalty_dissent", 20, 0, 1e9, "points",
           "points lost in a tick with a recorded DISSENT", "[S17] (level illustrative)"),
      live("social_credit.penalty_active", 50, 0, 1e9, "points",
           "points lost in a tick with a recorded ACTIVE", "[S17] (level illustrative)"),
      live("social_credit.penalty_arrest", 100, 0, 1e9, "points", "points lost on an arrest",
           "[S17] (level illustrative)"),
      live("social_credit.reward", 1, 0, 1e9, "points",
           "points earned in a tick without a recorded event (vague rewards)", "[S18]"),
      live("social_credit.rehabilitation", 0.01, 0, 1, "per tick",
           "share of the distance back to `start` recovered each tick", "[S15]"),
      live("social_credit.blacklist", 800, 0, 1e9, "points",
           "below this score a citizen is blacklisted",
           "modelling default (cut-offs not "
           "retrieved, domain-facts section 1)"),
      live("social_credit.blacklist_hardship", 0.2, 0, 1, "",
           "hardship a blacklisted citizen bears (travel and purchase bans)",
           "[S10-S13] "
           "(level illustrative)"),
      live("social_credit.redlist", 1050, 0, 1e9, "points",
           "at or above this score a citizen is redlisted", kModelling),
      live("social_credit.redlist_benefit", 0.05, 0, 1, "",
           "hardship removed from a redlisted citizen", "[S2] (level illustrative)"),
      live("social_credit.association_penalty", 0, 0, 1e9, "points per tick",
           "points a citizen loses per blacklisted contact per tick (guilt by association)",
           "[S3] (level illustrative)"),
  };
  m.columns = {
      state_column("social_credit_score", ColumnType::kF32, "the citizen's score (points)", -3.4e38,
                   3.4e38),
      state_column("social_credit_redlisted", ColumnType::kU8, "1 on the redlist", 0, 1),
  };
  m.results = {
      level("social_credit_mean_score", "points", "mean score"),
      level("social_credit_blacklisted", "citizens", "citizens on the blacklist"),
      level("social_credit_redlisted", "citizens", "citizens on the redlist"),
  };
  m.create = creator<SocialCredit>();
  return m;
}

}  // namespace panopticon::mechanisms
