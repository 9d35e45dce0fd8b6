// policing: organised coercion with high-tech equipment (mechanisms.md 2.1).
// Epstein's cops stay in the engine; this adds what technology changes:
// wider cop vision, and arrests after the event on camera records
// (warrants), as Malaysia's body cameras with face recognition allow [S37].
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Policing final : public Mechanism {
 public:
  Policing(const Scenario& scenario, Society& society, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        tech_(p_.real("tech_level")),
        warrants_(p_.flag("warrants")),
        warrant_ticks_(p_.whole("warrant_ticks")),
        // scenario.cop_vision already includes the tech level's boost.
        cop_vision_(society.torus, scenario.rules.vision_shape, scenario.cop_vision, true),
        cops_on_cell_(society.torus.cell_count(), 0),
        stream_(info.stream) {}

  void enforce(Society& s, EngineAccess& engine) override {
    warrant_arrests_ = 0;
    wanted_ = 0;
    if (!warrants_ || tech_ <= 0.0) return;
    for (const CellIndex c : s.cop_cells) ++cops_on_cell_[c];
    const auto tick = static_cast<std::uint32_t>(s.tick);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      const std::int32_t seen = s.last_camera_active[id];
      if (seen == kNever || s.tick - seen > warrant_ticks_ || !s.at_liberty(id)) continue;
      ++wanted_;
      Draws draws(s.streams, Purpose::kWarrant, tick, id, stream_);
      if (draws.next_unit() >= tech_) continue;  // not identified this tick
      std::uint32_t cops = 0;
      cop_vision_.for_each_cell(s.cell[id], [&](CellIndex c) { cops += cops_on_cell_[c]; });
      if (cops == 0) continue;
      // One warrant per cop per tick: the executing cop is used up.
      std::uint32_t pick = draws.next_below(cops);
      bool used = false;
      cop_vision_.for_each_cell(s.cell[id], [&](CellIndex c) {
        if (used || cops_on_cell_[c] == 0) return;
        if (pick < cops_on_cell_[c]) {
          --cops_on_cell_[c];
          used = true;
        } else {
          pick -= cops_on_cell_[c];
        }
      });
      if (!engine.confine(id, s.cell[id], engine.jail_term_for(id), true)) continue;
      s.confine(id, s.cell[id], false);  // serves the warrant
      ++warrant_arrests_;
    }
    for (const CellIndex c : s.cop_cells) cops_on_cell_[c] = 0;
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(warrant_arrests_);
    out[1] = static_cast<double>(wanted_);
  }

 private:
  Params p_;
  double tech_;
  bool warrants_;
  std::int64_t warrant_ticks_;
  Neighbourhood cop_vision_;
  std::vector<std::uint16_t> cops_on_cell_;
  std::uint16_t stream_;
  std::uint64_t warrant_arrests_ = 0;
  std::uint64_t wanted_ = 0;
};

}  // namespace

MechanismInfo policing() {
  MechanismInfo m;
  m.name = "policing";
  m.title = "high-tech policing: wider cop vision and warrants from camera records";
  m.phases = "enforce";
  m.parameters = {
      enabled("policing", "high-tech policing"),
      real("policing.tech_level", 0.5, 0, 1, "",
           "share of the technology's potential in use: cop vision grows by tech_level x "
           "vision_boost, and a wanted citizen is identified with this probability per tick",
           "[S37] (level illustrative)"),
      real("policing.vision_boost", 2.0, 0, 50, "cells",
           "cop vision added at tech_level 1 (body cameras, watchlists)", kModelling),
      param_flag("policing.warrants", true,
                 "cops arrest citizens that a camera recorded ACTIVE within warrant_ticks, even "
                 "when quiet now (after-the-event identification; needs cameras)",
                 "[S37]"),
      whole("policing.warrant_ticks", 10, 0, 1e9, "ticks",
            "how long a camera record of ACTIVE stays a warrant", kModelling),
  };
  m.results = {
      flow("policing_warrant_arrests", "arrests", "arrests on camera records (warrants)"),
      level("policing_wanted", "citizens", "citizens at liberty with an open warrant"),
  };
  m.create = creator<Policing>();
  m.adjust_scenario = [](const ParamValues& p, Scenario& s) {
    s.cop_vision += p.get_float("policing.tech_level") * p.get_float("policing.vision_boost");
  };
  return m;
}

}  // namespace panopticon::mechanisms
