// narratives: propaganda and victim narratives (mechanisms.md 2.9). Each
// tick a share of citizens is exposed and gains legitimacy, less where it
// suffers; seeing an arrest or detention erodes it.
#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What narratives draw for, in their own stream.
enum class Draw : std::uint16_t {
  kExposure = 17,  // who a narrative reaches
};

class Narratives final : public Mechanism {
 public:
  explicit Narratives(const MechanismContext& c)
      : p_(c.society, c.info.name),
        reach_p_(p_.number("reach")),
        boost_p_(p_.number("boost")),
        erosion_p_(p_.number("repression_erosion")),
        stream_(c.stream),
        exposed_slot_(c.result("exposed")),
        witnesses_slot_(c.result("repression_witnesses")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override {
    reach_ = reach_p_.at(s.tick);
    boost_ = boost_p_.at(s.tick);
    erosion_ = erosion_p_.at(s.tick);
  }

  void sanction(Society& s) override {
    exposed_ = 0;
    witnesses_ = 0;
    Draws sweep(stream_, Draw::kExposure, static_cast<std::uint32_t>(s.tick), 0);
    for_each_picked(sweep, s.citizens, reach_, [&](std::uint32_t id) {
      const double l = s.legitimacy_of(id);
      const double h = s.hardship(id);
      shift_legitimacy(s, id, boost_ * (1.0 - l) * (1.0 - h));
      ++exposed_;
    });
    if (erosion_ <= 0.0) return;
    for (const Confinement& c : s.confinements) {
      s.vision.for_each_cell(c.cell, [&](CellIndex cell) {
        const std::uint32_t id = s.cell_citizen[cell];
        if (id == kNobody || id == c.agent || !s.at_liberty(id)) return;
        shift_legitimacy(s, id, -erosion_);
        ++witnesses_;
      });
    }
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(exposed_slot_, static_cast<double>(exposed_));
    row.set(witnesses_slot_, static_cast<double>(witnesses_));
  }

 private:
  Params p_;
  LiveParameters::Number reach_p_;
  LiveParameters::Number boost_p_;
  LiveParameters::Number erosion_p_;
  RandomStream stream_;
  ResultSlot exposed_slot_;
  ResultSlot witnesses_slot_;
  double reach_ = 0.0;
  double boost_ = 0.0;
  double erosion_ = 0.0;
  std::uint64_t exposed_ = 0;
  std::uint64_t witnesses_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(narratives, 900) {
  MechanismInfo m;
  m.title = "legitimacy narratives, and their erosion by visible repression";
  m.phases = kSanction;
  m.parameters = {
      enabled("narratives", "legitimacy narratives"),
      live("narratives.reach", 0.2, 0, 1, "per tick", "share of citizens exposed each tick",
           kModelling),
      live("narratives.boost", 0.05, 0, 1, "",
           "exposure raises L_i by boost (1 - L_i)(1 - H), lastingly", kModelling),
      live("narratives.repression_erosion", 0.0002, 0, 1, "",
           "legitimacy a citizen loses, lastingly, for each arrest or detention it sees",
           "[S53] (level illustrative)"),
  };
  m.results = {
      flow("narratives_exposed", "citizens", "citizens exposed to a narrative"),
      flow("narratives_repression_witnesses", "citizens", "sightings of an arrest or detention"),
  };
  m.create = creator<Narratives>();
  return m;
}

}  // namespace panopticon::mechanisms
