// narratives: propaganda and victim narratives (mechanisms.md 2.9). Each
// tick a share of citizens is exposed and gains legitimacy, less where it
// suffers; seeing an arrest or detention erodes it.
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Narratives final : public Mechanism {
 public:
  Narratives(const Scenario& scenario, const Society& /*s*/, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        reach_(p_.real("reach")),
        boost_(p_.real("boost")),
        erosion_(p_.real("repression_erosion")),
        stream_(info.stream) {}

  void sanction(Society& s) override {
    exposed_ = 0;
    witnesses_ = 0;
    Draws sweep(s.streams, Purpose::kExposure, static_cast<std::uint32_t>(s.tick), 0, stream_);
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

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(exposed_);
    out[1] = static_cast<double>(witnesses_);
  }

 private:
  Params p_;
  double reach_;
  double boost_;
  double erosion_;
  std::uint16_t stream_;
  std::uint64_t exposed_ = 0;
  std::uint64_t witnesses_ = 0;
};

}  // namespace

MechanismInfo narratives() {
  MechanismInfo m;
  m.name = "narratives";
  m.title = "legitimacy narratives, and their erosion by visible repression";
  m.phases = "sanction";
  m.parameters = {
      enabled("narratives", "legitimacy narratives"),
      real("narratives.reach", 0.2, 0, 1, "per tick", "share of citizens exposed each tick",
           kModelling),
      real("narratives.boost", 0.05, 0, 1, "",
           "exposure raises L_i by boost (1 - L_i)(1 - H), lastingly", kModelling),
      real("narratives.repression_erosion", 0.0002, 0, 1, "",
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
