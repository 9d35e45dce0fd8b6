// social_credit: blacklists and redlists with joint punishment, and a
// local score (mechanisms.md 2.5; [S1-S3], [S8], [S10-S17]). By default
// (list_rule = violations) a citizen is blacklisted for recorded
// violations, never for a low score alone [S1][S16]: list_at ticks with a
// record of ACTIVE or an arrest within list_window ticks list it
// for list_term ticks. It is redlisted for recorded good acts (reports,
// with denunciation on) and no violation. The Rongcheng-style score [S15-
// S17] is kept and reported as a local scheme; with list_rule = score it
// lists by itself, as before issue 11. Scores move on observation events
// only. The blacklist is the layer's (`blacklisted`), which the card and
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
        by_score_(p_.choice("list_rule") == "score"),
        list_at_(p_.whole("list_at")),
        list_window_(p_.whole("list_window")),
        list_term_(p_.whole("list_term")),
        redlist_reports_(p_.whole("redlist_reports")),
        score_(c.society.columns.get<float>("social_credit_score")),
        redlisted_(c.society.columns.get<std::uint8_t>("social_credit_redlisted")),
        violations_(c.society.columns.get<std::uint8_t>("social_credit_violations")),
        violations_since_(c.society.columns.get<std::int32_t>("social_credit_violations_since")),
        listed_until_(c.society.columns.get<std::int32_t>("social_credit_listed_until")),
        good_acts_(c.society.columns.get<std::uint8_t>("social_credit_good_acts")),
        good_acts_since_(c.society.columns.get<std::int32_t>("social_credit_good_acts_since")),
        mean_slot_(c.result("mean_score")),
        blacklisted_slot_(c.result("blacklisted")),
        redlisted_slot_(c.result("redlisted")),
        listed_share_slot_(c.result("listed_share")),
        cost_slot_(c.result("cost")),
        unit_cost_(c.society.live.number("costs.listing")),
        citizens_(c.society.citizens) {
    score_.fill(static_cast<float>(start_));
  }

  void tune(Society& s, EngineAccess& /*engine*/) override {
    list_at_ = p_.whole("list_at");  // live: the listing threshold may change between ticks
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
    // Guilt by association, only when it costs anything (x - 0 is x), and
    // only through links the state has on record.
    const bool by_association = association_ > 0.0;
    if (by_association) {
      association_scratch_.assign(s.citizens, 0.0F);
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        if (s.blacklisted[id] == 0) continue;
        s.for_each_contact_on_record(id, [&](std::uint32_t j) {
          association_scratch_[j] += static_cast<float>(association_);
        });
      }
    }
    const bool leaky = !s.recorded_knowledge;
    const auto tick = static_cast<std::int32_t>(s.tick);
    blacklisted_ = 0;
    redlisted_count_ = 0;
    double total = 0.0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      double v = score_[id];
      const std::uint8_t r = s.recorded[id];
      if ((r & kRecordedDissent) != 0) v -= penalty_dissent_;
      if ((r & kRecordedActive) != 0) v -= penalty_active_;
      if ((r & kRecordedArrest) != 0) v -= penalty_arrest_;
      // A confined citizen earns nothing and recovers nothing.
      const bool earns = leaky || s.at_liberty(id);
      if (r == 0 && earns) v += reward_;
      const float bonus = bonus_ ? bonus_[id] : 0.0F;
      v += by_association ? bonus - association_scratch_[id] : bonus;
      if (earns) v += rehabilitation_ * (start_ - v);
      score_[id] = static_cast<float>(v);
      const std::uint8_t was = s.blacklisted[id];
      if (by_score_) {
        s.blacklisted[id] = v < blacklist_ ? 1 : 0;
        redlisted_[id] = v >= redlist_ ? 1 : 0;
      } else {
        list_by_record(s, id, r, tick, bonus > 0.0F);
      }
      if (s.blacklisted[id] != 0 && was == 0) {
        s.sanctioned(id, (r & (kRecordedActive | kRecordedArrest)) != 0 ? SanctionKind::kActive
                                                                        : SanctionKind::kDissent);
      }
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

  void record(const Society& s, const ResultRow& row) const override {
    row.set(mean_slot_, mean_score_);
    row.set(cost_slot_,
            static_cast<double>(blacklisted_) * unit_cost_.at(s.tick) / s.ticks_per_year);
    row.set(listed_share_slot_,
            static_cast<double>(blacklisted_) / std::max<double>(1.0, citizens_));
    row.set(blacklisted_slot_, static_cast<double>(blacklisted_));
    row.set(redlisted_slot_, static_cast<double>(redlisted_count_));
  }

 private:
  // The violations rule: a tick with a record of ACTIVE or an arrest (a
  // breach of the law in the model; a recorded DISSENT lowers the local
  // score only) is a violation, counted in a
  // window that opens at the first violation and lasts list_window ticks;
  // list_at of them list the citizen until list_term ticks after the last
  // that counted. Good acts (reports) with no violation in their window
  // redlist it, for as long.
  void list_by_record(Society& s, std::uint32_t id, std::uint8_t r, std::int32_t tick,
                      bool good_act) {
    if ((r & (kRecordedActive | kRecordedArrest)) != 0) {
      if (tick - violations_since_[id] >= list_window_ || violations_[id] == 0) {
        violations_since_[id] = tick;
        violations_[id] = 0;
      }
      if (violations_[id] < 255U) ++violations_[id];
      if (violations_[id] >= list_at_)
        listed_until_[id] = tick + static_cast<std::int32_t>(list_term_);
    }
    if (good_act) {
      if (tick - good_acts_since_[id] >= list_window_ || good_acts_[id] == 0) {
        good_acts_since_[id] = tick;
        good_acts_[id] = 0;
      }
      if (good_acts_[id] < 255U) ++good_acts_[id];
    }
    s.blacklisted[id] = tick < listed_until_[id] ? 1 : 0;
    const bool clean = violations_[id] == 0 || tick - violations_since_[id] >= list_window_;
    const bool good =
        good_acts_[id] >= redlist_reports_ && tick - good_acts_since_[id] < list_window_;
    redlisted_[id] = s.blacklisted[id] == 0 && clean && good ? 1 : 0;
  }

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
  bool by_score_;
  std::int64_t list_at_;
  std::int64_t list_window_;
  std::int64_t list_term_;
  std::int64_t redlist_reports_;
  Column<float> score_;
  Column<std::uint8_t> redlisted_;
  Column<std::uint8_t> violations_;
  Column<std::int32_t> violations_since_;
  Column<std::int32_t> listed_until_;
  Column<std::uint8_t> good_acts_;
  Column<std::int32_t> good_acts_since_;
  Column<float> bonus_;
  ResultSlot mean_slot_;
  ResultSlot blacklisted_slot_;
  ResultSlot redlisted_slot_;
  ResultSlot listed_share_slot_;
  ResultSlot cost_slot_;
  LiveParameters::Number unit_cost_;
  double citizens_;
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
           "points earned in a tick at liberty without a recorded event (vague rewards)",
           "modelling default ([S18] describes rewards as vague; it gives no amount)"),
      live("social_credit.rehabilitation", 0.01, 0, 1, "per tick",
           "share of the distance back to `start` recovered each tick at liberty",
           "modelling default ([S15] describes score repair; it gives no rate)"),
      param_choice("social_credit.list_rule", std::string("violations"), {"violations", "score"},
                   "violations: blacklisted for list_at recorded violations within list_window "
                   "ticks, for list_term ticks, never for a low score alone [S1][S16]; redlisted "
                   "for recorded good acts; score: blacklisted below `blacklist` points and "
                   "redlisted at `redlist` points or more (the Rongcheng-style local scheme as "
                   "before issue 11)",
                   "[S1], [S8], [S16]"),
      live_whole(
          "social_credit.list_at", 3, 1, 255, "violations",
          "ticks with a record of ACTIVE or an arrest within list_window that blacklist a "
          "citizen (list_rule = violations; a recorded DISSENT lowers the score only)",
          "modelling default, calibrated so that scenarios/compliance/full.toml lists about 1% "
          "of citizens [S11-S13] (docs/VALIDATION.md)"),
      whole("social_credit.list_window", 50, 1, 1e9, "ticks",
            "the window the violations (and good acts) are counted in, from the first",
            "modelling default, calibrated with list_at"),
      whole("social_credit.list_term", 20, 1, 1e9, "ticks",
            "how long a listing lasts after the violation that listed, or listed again",
            "modelling default (length illustrative)"),
      whole("social_credit.redlist_reports", 3, 1, 255, "reports",
            "recorded good acts (reports, with denunciation on) within list_window, with no "
            "violation, that redlist a citizen (list_rule = violations)",
            kModelling),
      live("social_credit.blacklist", 800, 0, 1e9, "points",
           "below this score a citizen is blacklisted (list_rule = score)",
           "modelling default (cut-offs not "
           "retrieved, domain-facts section 1)"),
      live("social_credit.blacklist_hardship", 0.2, 0, 1, "",
           "hardship a blacklisted citizen bears (travel and purchase bans)",
           "[S10-S13] "
           "(level illustrative)"),
      live("social_credit.redlist", 1050, 0, 1e9, "points",
           "at or above this score a citizen is redlisted (list_rule = score)", kModelling),
      live("social_credit.redlist_benefit", 0.05, 0, 1, "",
           "hardship removed from a redlisted citizen", "[S2] (level illustrative)"),
      live("social_credit.association_penalty", 0, 0, 1e9, "points per tick",
           "points a citizen loses per blacklisted contact per tick (guilt by association)",
           "[S3] (level illustrative)"),
  };
  const auto never = static_cast<double>(kNever);
  m.columns = {
      state_column("social_credit_score", ColumnType::kF32, "the citizen's score (points)", -3.4e38,
                   3.4e38),
      state_column("social_credit_redlisted", ColumnType::kU8, "1 on the redlist", 0, 1),
      state_column("social_credit_violations", ColumnType::kU8,
                   "recorded violations in the current window", 0, 255),
      state_column("social_credit_violations_since", ColumnType::kI32,
                   "the tick the current window of violations opened", never, 2147483647.0, never),
      state_column("social_credit_listed_until", ColumnType::kI32,
                   "the tick the blacklisting ends (list_rule = violations)", never, 2147483647.0,
                   never),
      state_column("social_credit_good_acts", ColumnType::kU8,
                   "recorded good acts (reports) in the current window", 0, 255),
      state_column("social_credit_good_acts_since", ColumnType::kI32,
                   "the tick the current window of good acts opened", never, 2147483647.0, never),
  };
  m.results = {
      level("social_credit_mean_score", "points", "mean score"),
      level("social_credit_blacklisted", "citizens", "citizens on the blacklist"),
      level("social_credit_redlisted", "citizens", "citizens on the redlist"),
      level("social_credit_listed_share", "share", "citizens on the blacklist, as a share of all"),
      flow("social_credit_cost", "US$",
           "blacklisted citizens x costs.listing / model.ticks_per_year"),
  };
  m.create = creator<SocialCredit>();
  return m;
}

}  // namespace panopticon::mechanisms
