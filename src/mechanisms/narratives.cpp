// narratives: propaganda and victim narratives (mechanisms.md 2.9). Each
// tick a share of citizens is exposed and gains legitimacy toward a ceiling
// a little above the regime's L(t), less where it suffers and less the more
// repression it has seen (the story loses credibility against experience);
// seeing an arrest or detention also erodes legitimacy. Gains and losses are
// lasting shifts that fade (dissent.shift_decay), so legitimacy settles.
#include <algorithm>

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
        headroom_p_(p_.number("headroom")),
        doubt_p_(p_.number("repression_doubt")),
        fade_(1.0F -
              static_cast<float>(c.society.scenario.params.get_float("dissent.shift_decay"))),
        doubt_(c.society.columns.get<float>("narratives_doubt")),
        stream_(c.stream),
        exposed_slot_(c.result("exposed")),
        witnesses_slot_(c.result("repression_witnesses")),
        cost_slot_(c.result("cost")),
        unit_cost_(c.society.live.number("costs.exposure")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override {
    reach_ = reach_p_.at(s.tick);
    boost_ = boost_p_.at(s.tick);
    erosion_ = erosion_p_.at(s.tick);
    headroom_ = headroom_p_.at(s.tick);
    doubt_step_ = static_cast<float>(doubt_p_.at(s.tick));
  }

  void sanction(Society& s) override {
    exposed_ = 0;
    witnesses_ = 0;
    const double ceiling = std::min(1.0, s.legitimacy + headroom_);
    const bool doubting = doubt_step_ > 0.0F;
    if (doubting) {
      for (float& d : doubt_) d *= fade_;
    }
    Draws sweep(stream_, Draw::kExposure, static_cast<std::uint32_t>(s.tick), 0);
    for_each_picked(sweep, s.citizens, reach_, [&](std::uint32_t id) {
      const double l = s.legitimacy_of(id);
      const double h = s.hardship(id);
      if (l < ceiling) {
        shift_legitimacy(
            s, id, boost_ * (ceiling - l) * (1.0 - h) / (1.0 + static_cast<double>(doubt_[id])));
      }
      ++exposed_;
    });
    if (erosion_ <= 0.0 && !doubting) return;
    for (const Confinement& c : s.confinements) {
      s.vision.for_each_cell(c.cell, [&](CellIndex cell) {
        const std::uint32_t id = s.cell_citizen[cell];
        if (id == kNobody || id == c.agent || !s.at_liberty(id)) return;
        if (erosion_ > 0.0) shift_legitimacy(s, id, -erosion_);
        doubt_[id] += doubt_step_;
        ++witnesses_;
      });
    }
  }

  void record(const Society& s, const ResultRow& row) const override {
    row.set(exposed_slot_, static_cast<double>(exposed_));
    row.set(cost_slot_, static_cast<double>(exposed_) * unit_cost_.at(s.tick));
    row.set(witnesses_slot_, static_cast<double>(witnesses_));
  }

 private:
  Params p_;
  LiveParameters::Number reach_p_;
  LiveParameters::Number boost_p_;
  LiveParameters::Number erosion_p_;
  LiveParameters::Number headroom_p_;
  LiveParameters::Number doubt_p_;
  float fade_;
  Column<float> doubt_;
  RandomStream stream_;
  ResultSlot exposed_slot_;
  ResultSlot witnesses_slot_;
  ResultSlot cost_slot_;
  LiveParameters::Number unit_cost_;
  double reach_ = 0.0;
  double boost_ = 0.0;
  double erosion_ = 0.0;
  double headroom_ = 1.0;
  float doubt_step_ = 0.0F;
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
           "exposure raises L_i by boost (ceiling - L_i)(1 - H) / (1 + doubt), a lasting shift "
           "that fades at dissent.shift_decay",
           kModelling),
      live("narratives.headroom", 0.1, 0, 1, "",
           "the ceiling a narrative raises L_i toward is min(1, L(t) + headroom): a story "
           "carries a citizen only so far above what the regime's record earns (1: toward 1, "
           "as before issue 11)",
           "modelling default (unsourced; its sensitivity is in docs/FINDINGS.md)"),
      live("narratives.repression_doubt", 0.001, 0, 1e6, "",
           "doubt a citizen gains for each arrest or detention it sees; a narrative's effect is "
           "divided by 1 + doubt, and doubt fades at dissent.shift_decay (0: as before issue "
           "11)",
           "modelling default (unsourced; its sensitivity is in docs/FINDINGS.md)"),
      live("narratives.repression_erosion", 0.0002, 0, 1, "",
           "legitimacy a citizen loses for each arrest or detention it sees (a lasting shift "
           "that fades at dissent.shift_decay)",
           "[S53] (level illustrative)"),
  };
  m.columns = {
      state_column("narratives_doubt", ColumnType::kF32,
                   "the citizen's doubt of narratives, from repression it saw", 0, 3.4e38),
  };
  m.results = {
      flow("narratives_exposed", "citizens", "citizens exposed to a narrative"),
      flow("narratives_repression_witnesses", "citizens", "sightings of an arrest or detention"),
      flow("narratives_cost", "US$", "citizens exposed x costs.exposure"),
  };
  m.create = creator<Narratives>();
  return m;
}

}  // namespace panopticon::mechanisms
