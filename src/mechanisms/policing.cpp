// policing: organised coercion with high-tech equipment (mechanisms.md 2.1).
// Epstein's cops stay in the engine; this adds what technology changes:
// wider cop vision while it is on, and arrests after the event on camera
// records (warrants), as Malaysia's body cameras with face recognition
// allow [S37].
#include <optional>

#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What policing draws for, in its own stream.
enum class Draw : std::uint16_t {
  kWarrant = 18,  // whether a wanted citizen is identified, and which cop serves the warrant
};

class Policing final : public Mechanism {
 public:
  explicit Policing(const MechanismContext& c)
      : name_(c.info.name),
        p_(c.society, c.info.name),
        tech_p_(p_.number("tech_level")),
        boost_p_(p_.number("vision_boost")),
        warrants_(p_.flag("warrants")),
        warrant_ticks_(p_.whole("warrant_ticks")),
        base_vision_(c.society.scenario.cop_vision),
        cops_on_cell_(c.society.torus.cell_count(), 0),
        stream_(c.stream),
        warrant_arrests_slot_(c.result("warrant_arrests")),
        wanted_slot_(c.result("wanted")),
        cost_slot_(c.result("cost")),
        unit_cost_(c.society.live.number("costs.cop_technology")) {}

  // The technology's wider vision is the engine's cop vision while policing is on.
  void tune(Society& s, EngineAccess& engine) override {
    tech_ = tech_p_.at(s.tick);
    const double widening = tech_ * boost_p_.at(s.tick);
    engine.widen_cop_vision(name_, widening);
    const double vision = base_vision_ + widening;
    if (vision != warrant_vision_radius_) {
      // A warrant is served by a cop within the (widened) vision, own cell included.
      warrant_vision_ = Neighbourhood(s.torus, s.scenario.rules.vision_shape, vision, true);
      warrant_vision_radius_ = vision;
    }
    // Warrants are camera records: without cameras there are none.
    last_active_ = s.columns.find<std::int32_t>("cameras_last_active");
  }

  void stop(Society& /*s*/, EngineAccess& engine) override { engine.widen_cop_vision(name_, 0.0); }

  void enforce(Society& s, EngineAccess& engine) override {
    warrant_arrests_ = 0;
    wanted_ = 0;
    if (!warrants_ || tech_ <= 0.0 || !last_active_) return;
    for (const CellIndex c : s.cop_cells) ++cops_on_cell_[c];
    const auto tick = static_cast<std::uint32_t>(s.tick);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      const std::int32_t seen = last_active_[id];
      if (seen == kNever || s.tick - seen > warrant_ticks_ || !s.at_liberty(id)) continue;
      ++wanted_;
      Draws draws(stream_, Draw::kWarrant, tick, id);
      if (draws.next_unit() >= tech_) continue;  // not identified this tick
      std::uint32_t cops = 0;
      warrant_vision_->for_each_cell(s.cell[id], [&](CellIndex c) { cops += cops_on_cell_[c]; });
      if (cops == 0) continue;
      // One warrant per cop per tick: the executing cop is used up.
      std::uint32_t pick = draws.next_below(cops);
      bool used = false;
      warrant_vision_->for_each_cell(s.cell[id], [&](CellIndex c) {
        if (used || cops_on_cell_[c] == 0) return;
        if (pick < cops_on_cell_[c]) {
          --cops_on_cell_[c];
          used = true;
        } else {
          pick -= cops_on_cell_[c];
        }
      });
      if (!engine.confine(id, s.cell[id], engine.jail_term_for(id), true)) continue;
      s.confine(id, s.cell[id], false, true);  // serves the warrant
      ++warrant_arrests_;
    }
    for (const CellIndex c : s.cop_cells) cops_on_cell_[c] = 0;
  }

  void record(const Society& s, const ResultRow& row) const override {
    row.set(warrant_arrests_slot_, static_cast<double>(warrant_arrests_));
    row.set(wanted_slot_, static_cast<double>(wanted_));
    row.set(cost_slot_, static_cast<double>(s.cop_cells.size()) * tech_ * unit_cost_.at(s.tick) /
                            s.ticks_per_year);
  }

 private:
  std::string name_;
  Params p_;
  LiveParameters::Number tech_p_;
  LiveParameters::Number boost_p_;
  bool warrants_;
  std::int64_t warrant_ticks_;
  double base_vision_;  // cops.vision
  double tech_ = 0.0;
  std::optional<Neighbourhood> warrant_vision_;
  double warrant_vision_radius_ = -1.0;
  Column<std::int32_t> last_active_;
  std::vector<std::uint16_t> cops_on_cell_;
  RandomStream stream_;
  ResultSlot warrant_arrests_slot_;
  ResultSlot wanted_slot_;
  ResultSlot cost_slot_;
  LiveParameters::Number unit_cost_;
  std::uint64_t warrant_arrests_ = 0;
  std::uint64_t wanted_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(policing, 100) {
  MechanismInfo m;
  m.title = "high-tech policing: wider cop vision and warrants from camera records";
  m.phases = kEnforce;
  m.phase_note = "it widens the cops' vision from the tick it is on (tune)";
  m.parameters = {
      enabled("policing", "high-tech policing"),
      live("policing.tech_level", 0.5, 0, 1, "",
           "share of the technology's potential in use: cop vision grows by tech_level x "
           "vision_boost, and a wanted citizen is identified with this probability per tick",
           "[S37] (level illustrative)"),
      live("policing.vision_boost", 2.0, 0, 50, "cells",
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
      flow("policing_cost", "US$",
           "cops x tech_level x costs.cop_technology / model.ticks_per_year"),
  };
  m.create = creator<Policing>();
  m.cop_vision_boost = [](const ParamValues& p) {
    return p.get_schedule("policing.tech_level").highest() *
           p.get_schedule("policing.vision_boost").highest();
  };
  return m;
}

}  // namespace panopticon::mechanisms
