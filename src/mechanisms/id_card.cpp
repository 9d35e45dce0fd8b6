// id_card: an ID card tied to benefits (mechanisms.md 2.4), like
// Venezuela's carnet de la patria [S30]. Holders without a recorded DISSENT
// or ACTIVE in the last `window` ticks (and not blacklisted) receive a
// benefit that lowers hardship; card use logs where holders are (the
// platform reads the holders and id_card.location_logging).
#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What the card draws for, in its own stream.
enum class Draw : std::uint16_t {
  kLayout = 9,  // who holds a card: citizen i when its draw is below the enrolment
};

class IdCard final : public Mechanism {
 public:
  explicit IdCard(const MechanismContext& c)
      : p_(c.society, c.info.name),
        enrolment_p_(p_.number("enrolment")),
        benefit_p_(p_.number("benefit")),
        benefit_cost_p_(c.society.live.number("costs.card_benefit")),
        holder_cost_p_(c.society.live.number("costs.card_holder")),
        window_(p_.whole("window")),
        stream_(c.stream),
        holder_(c.society.columns.get<std::uint8_t>("id_card_holder")),
        holders_slot_(c.result("holders")),
        paid_slot_(c.result("benefits_paid")),
        withheld_slot_(c.result("withheld")),
        cost_slot_(c.result("cost")) {}

  // A citizen's draw is fixed, so a growing enrolment adds holders and a
  // shrinking one takes the last away.
  void tune(Society& s, EngineAccess& /*engine*/) override {
    benefit_ = static_cast<float>(benefit_p_.at(s.tick));
    benefit_cost_ = benefit_cost_p_.at(s.tick);
    holder_cost_ = holder_cost_p_.at(s.tick) / s.ticks_per_year;
    const double enrolment = enrolment_p_.at(s.tick);
    if (enrolment == enrolment_) return;
    enrolment_ = enrolment;
    holders_ = 0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      Draws draws(stream_, Draw::kLayout, 0, id);
      holder_[id] = draws.next_unit() < enrolment ? 1 : 0;
      holders_ += holder_[id];
    }
  }

  void sanction(Society& s) override {
    paid_ = 0;
    withheld_ = 0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (holder_[id] == 0 || !s.at_liberty(id)) continue;  // paid to holders at liberty
      if (in_good_standing(s, id, s.tick)) {
        s.hardship_delta[id] -= benefit_;
        ++paid_;
      } else {
        ++withheld_;
        // Withheld for a record made this tick: a sanction its neighbours see.
        if (s.recorded[id] != 0) {
          s.sanctioned(id, (s.recorded[id] & (kRecordedActive | kRecordedArrest)) != 0
                               ? SanctionKind::kActive
                               : SanctionKind::kDissent);
        }
      }
    }
  }

  // The benefits the last tick paid end with the card. (It stops as a tick
  // begins, before anything of the society has changed since.)
  void stop(Society& s, EngineAccess& /*engine*/) override {
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (holder_[id] == 0 || !s.at_liberty(id)) continue;
      if (in_good_standing(s, id, s.tick - 1)) s.hardship_delta[id] += benefit_;
    }
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(holders_slot_, static_cast<double>(holders_));
    row.set(paid_slot_, static_cast<double>(paid_));
    row.set(withheld_slot_, static_cast<double>(withheld_));
    row.set(cost_slot_, static_cast<double>(paid_) * benefit_cost_ +
                            static_cast<double>(holders_) * holder_cost_);
  }

 private:
  // No recorded DISSENT or ACTIVE within `window` ticks of `tick`, and not blacklisted.
  bool in_good_standing(const Society& s, std::uint32_t id, std::int64_t tick) const {
    return tick - s.last_record[id] > window_ && s.blacklisted[id] == 0;
  }

  Params p_;
  LiveParameters::Number enrolment_p_;
  LiveParameters::Number benefit_p_;
  LiveParameters::Number benefit_cost_p_;
  LiveParameters::Number holder_cost_p_;
  std::int64_t window_;
  RandomStream stream_;
  Column<std::uint8_t> holder_;
  ResultSlot holders_slot_;
  ResultSlot paid_slot_;
  ResultSlot withheld_slot_;
  ResultSlot cost_slot_;
  double enrolment_ = -1.0;  // the enrolment the holders were drawn for
  float benefit_ = 0.0F;
  double benefit_cost_ = 0.0;
  double holder_cost_ = 0.0;
  std::uint64_t holders_ = 0;
  std::uint64_t paid_ = 0;
  std::uint64_t withheld_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(id_card, 400) {
  MechanismInfo m;
  m.title = "an ID card tied to benefits, logging where holders are";
  m.phases = kSanction;
  m.phase_note = "its location logging is a column the platform reads";
  m.parameters = {
      enabled("id_card", "the ID card"),
      live("id_card.enrolment", 0.6, 0, 1, "share", "share of citizens holding the card",
           "[S30] (share illustrative)"),
      live("id_card.benefit", 0.1, 0, 1, "",
           "hardship removed each tick from a holder in good standing",
           "[S30] (level "
           "illustrative)"),
      whole("id_card.window", 20, 0, 1e9, "ticks",
            "a recorded DISSENT or ACTIVE within this many ticks withholds the benefit",
            kModelling),
      param_flag("id_card.location_logging", true,
                 "card use records where holders are, for the platform's movement signals",
                 "[S19], [S30]"),
  };
  m.columns = {
      state_column("id_card_holder", ColumnType::kU8, "1 for a card holder", 0, 1),
  };
  m.results = {
      level("id_card_holders", "citizens", "card holders"),
      flow("id_card_benefits_paid", "benefits", "benefits paid during the tick"),
      flow("id_card_withheld", "benefits", "benefits withheld for records or blacklisting"),
      flow("id_card_cost", "US$",
           "benefits paid x costs.card_benefit + holders x costs.card_holder / "
           "model.ticks_per_year"),
  };
  m.create = creator<IdCard>();
  return m;
}

}  // namespace panopticon::mechanisms
