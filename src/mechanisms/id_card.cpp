// id_card: an ID card tied to benefits (mechanisms.md 2.4), like
// Venezuela's carnet de la patria [S30]. Holders without a recorded DISSENT
// or ACTIVE in the last `window` ticks (and not blacklisted) receive a
// benefit that lowers hardship; card use logs where holders are.
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class IdCard final : public Mechanism {
 public:
  IdCard(const Scenario& scenario, Society& s, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        benefit_(static_cast<float>(p_.real("benefit"))),
        window_(p_.whole("window")),
        logging_(p_.flag("location_logging")),
        benefit_cost_(scenario.params.get_float("costs.card_benefit")),
        holder_(s.citizens, 0) {
    const double enrolment = p_.real("enrolment");
    const std::uint16_t stream = info.stream;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      Draws draws(s.streams, Purpose::kLayout, 0, id, stream);
      holder_[id] = draws.next_unit() < enrolment ? 1 : 0;
      holders_ += holder_[id];
      // Card use logs where holders are every tick (Society::located_now).
      if (logging_) s.located_by_card[id] = holder_[id];
    }
  }

  void sanction(Society& s) override {
    paid_ = 0;
    withheld_ = 0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (holder_[id] == 0 || !s.at_liberty(id)) continue;  // paid to holders at liberty
      const bool clean = s.tick - s.last_record[id] > window_ && s.blacklisted[id] == 0;
      if (clean) {
        s.hardship_delta[id] -= benefit_;
        ++paid_;
      } else {
        ++withheld_;
      }
    }
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(holders_);
    out[1] = static_cast<double>(paid_);
    out[2] = static_cast<double>(withheld_);
    out[3] = static_cast<double>(paid_) * benefit_cost_;
  }

 private:
  Params p_;
  float benefit_;
  std::int64_t window_;
  bool logging_;
  double benefit_cost_;
  std::vector<std::uint8_t> holder_;  // 1 byte per citizen
  std::uint64_t holders_ = 0;
  std::uint64_t paid_ = 0;
  std::uint64_t withheld_ = 0;
};

}  // namespace

MechanismInfo id_card() {
  MechanismInfo m;
  m.name = "id_card";
  m.title = "an ID card tied to benefits, logging where holders are";
  m.phases = "sanction (benefit); its location logging is a column the platform reads";
  m.parameters = {
      enabled("id_card", "the ID card"),
      real("id_card.enrolment", 0.6, 0, 1, "share", "share of citizens holding the card",
           "[S30] (share illustrative)"),
      real("id_card.benefit", 0.1, 0, 1, "",
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
  m.results = {
      level("id_card_holders", "citizens", "card holders"),
      flow("id_card_benefits_paid", "benefits", "benefits paid during the tick"),
      flow("id_card_withheld", "benefits", "benefits withheld for records or blacklisting"),
      flow("id_card_cost", "cost units", "benefits paid x costs.card_benefit"),
  };
  m.create = creator<IdCard>();
  return m;
}

}  // namespace panopticon::mechanisms
