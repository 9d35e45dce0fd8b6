// social_credit: scores, blacklists and redlists with joint punishment
// (mechanisms.md 2.5; [S1-S3], [S10-S17]). Scores move on observation
// events only: clear sanctions for records, vague rewards for clean ticks
// [S18].
#include <cmath>

#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class SocialCredit final : public Mechanism {
 public:
  SocialCredit(const Scenario& scenario, const Society& s, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        start_(p_.real("start")),
        penalty_dissent_(p_.real("penalty_dissent")),
        penalty_active_(p_.real("penalty_active")),
        penalty_arrest_(p_.real("penalty_arrest")),
        reward_(p_.real("reward")),
        rehabilitation_(p_.real("rehabilitation")),
        blacklist_(p_.real("blacklist")),
        blacklist_hardship_(static_cast<float>(p_.real("blacklist_hardship"))),
        redlist_(p_.real("redlist")),
        redlist_benefit_(static_cast<float>(p_.real("redlist_benefit"))),
        association_(p_.real("association_penalty")),
        score_(s.citizens, static_cast<float>(start_)),
        redlisted_(s.citizens, 0) {}

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
      v += by_association ? s.credit_bonus[id] - association_scratch_[id] : s.credit_bonus[id];
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

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = mean_score_;
    out[1] = static_cast<double>(blacklisted_);
    out[2] = static_cast<double>(redlisted_count_);
  }

  void save(CheckpointWriter& out) const override {
    out.put_vector(score_);
    out.put_vector(redlisted_);
    out.put<double>(mean_score_);
    out.put<std::uint64_t>(blacklisted_);
    out.put<std::uint64_t>(redlisted_count_);
  }
  void load(CheckpointReader& in) override {
    score_ = in.get_vector<float>("the social credit scores", score_.size());
    if (!std::ranges::all_of(score_, [](float v) { return std::isfinite(v); })) {
      in.fail("holds a non-finite social credit score");
    }
    redlisted_ = in.get_vector<std::uint8_t>("the redlist", redlisted_.size());
    mean_score_ = in.get<double>("the mean score");
    blacklisted_ = in.get<std::uint64_t>("the blacklist count");
    redlisted_count_ = in.get<std::uint64_t>("the redlist count");
  }

 private:
  Params p_;
  double start_;
  double penalty_dissent_;
  double penalty_active_;
  double penalty_arrest_;
  double reward_;
  double rehabilitation_;
  double blacklist_;
  float blacklist_hardship_;
  double redlist_;
  float redlist_benefit_;
  double association_;
  std::vector<float> association_scratch_;  // per tick: points lost to blacklisted contacts
  std::vector<float> score_;                // 4 bytes per citizen
  std::vector<std::uint8_t> redlisted_;     // 1 byte per citizen
  double mean_score_ = 0.0;
  std::uint64_t blacklisted_ = 0;
  std::uint64_t redlisted_count_ = 0;
};

}  // namespace

MechanismInfo social_credit() {
  MechanismInfo m;
  m.name = "social_credit";
  m.title = "social credit scores, blacklists and redlists with joint punishment";
  m.phases = "score, sanction";
  m.needs_network = true;
  m.parameters = {
      enabled("social_credit", "social credit scoring"),
      real("social_credit.start", 1000, 0, 1e9, "points", "every citizen's starting score",
           "[S17] (Rongcheng)"),
      real("social_credit.penalty_dissent", 20, 0, 1e9, "points",
           "points lost in a tick with a recorded DISSENT", "[S17] (level illustrative)"),
      real("social_credit.penalty_active", 50, 0, 1e9, "points",
           "points lost in a tick with a recorded ACTIVE", "[S17] (level illustrative)"),
      real("social_credit.penalty_arrest", 100, 0, 1e9, "points", "points lost on an arrest",
           "[S17] (level illustrative)"),
      real("social_credit.reward", 1, 0, 1e9, "points",
           "points earned in a tick without a recorded event (vague rewards)", "[S18]"),
      real("social_credit.rehabilitation", 0.01, 0, 1, "per tick",
           "share of the distance back to `start` recovered each tick", "[S15]"),
      real("social_credit.blacklist", 800, 0, 1e9, "points",
           "below this score a citizen is blacklisted",
           "modelling default (cut-offs not "
           "retrieved, domain-facts section 1)"),
      real("social_credit.blacklist_hardship", 0.2, 0, 1, "",
           "hardship a blacklisted citizen bears (travel and purchase bans)",
           "[S10-S13] "
           "(level illustrative)"),
      real("social_credit.redlist", 1050, 0, 1e9, "points",
           "at or above this score a citizen is redlisted", kModelling),
      real("social_credit.redlist_benefit", 0.05, 0, 1, "",
           "hardship removed from a redlisted citizen", "[S2] (level illustrative)"),
      real("social_credit.association_penalty", 0, 0, 1e9, "points per tick",
           "points a citizen loses per blacklisted contact per tick (guilt by association)",
           "[S3] (level illustrative)"),
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
