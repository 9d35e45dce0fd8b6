// public_punishment: arrests and detentions made public, as in struggle
// sessions and public shaming [S14] (mechanisms.md 2.8). Witnesses within
// `radius` grow more risk-averse for a while; those with a high grievance
// lose legitimacy instead (backlash).
#include <algorithm>

#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What public punishment draws for, in its own stream.
enum class Draw : std::uint16_t {
  kPublic = 16,  // whether a punishment is made public
};

class PublicPunishment final : public Mechanism {
 public:
  explicit PublicPunishment(const MechanismContext& c)
      : p_(c.society, c.info.name),
        p_public_p_(p_.number("p_public")),
        fear_p_(p_.number("fear")),
        backlash_at_p_(p_.number("backlash_at")),
        backlash_p_(p_.number("backlash")),
        fear_ticks_(p_.whole("fear_ticks")),
        disk_(c.society.torus, c.society.scenario.rules.vision_shape, p_.real("radius"), true),
        stream_(c.stream),
        fear_until_(c.society.columns.get<std::int32_t>("public_punishment_fear_until")),
        events_slot_(c.result("events")),
        witnesses_slot_(c.result("witnesses")),
        afraid_slot_(c.result("afraid")),
        cost_slot_(c.result("cost")),
        unit_cost_(c.society.live.number("costs.public_event")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override {
    p_public_ = p_public_p_.at(s.tick);
    fear_ = static_cast<float>(1.0 + fear_p_.at(s.tick));
    backlash_at_ = backlash_at_p_.at(s.tick);
    backlash_ = backlash_p_.at(s.tick);
  }

  // The fear it raised ends with it.
  void stop(Society& s, EngineAccess& /*engine*/) override {
    for (const std::uint32_t id : afraid_list_) s.risk_factor[id] = 1.0F;
    afraid_list_.clear();
  }

  // Fear ends for those whose fear_ticks have passed; only the afraid are
  // visited (a list in the order they became afraid).
  void perceive(Society& s) override {
    std::size_t kept = 0;
    for (const std::uint32_t id : afraid_list_) {
      if (s.tick <= fear_until_[id]) {
        afraid_list_[kept++] = id;
      } else {
        s.risk_factor[id] = 1.0F;
      }
    }
    afraid_list_.resize(kept);
  }

  void sanction(Society& s) override {
    events_ = 0;
    witnesses_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    for (const Confinement& c : s.confinements) {
      Draws draws(stream_, Draw::kPublic, tick, c.agent);
      if (draws.next_unit() >= p_public_) continue;
      ++events_;
      // A sanction after a record, shown beyond the vision of those near:
      // what the witnesses learn from (Perception). An arrest on the spot is
      // Epstein's arrest risk, which its fear factor raises instead.
      const bool after_record = c.detention || c.warrant;
      const SanctionKind kind =
          c.before == AgentState::kActive ? SanctionKind::kActive : SanctionKind::kDissent;
      disk_.for_each_cell(c.cell, [&](CellIndex cell) {
        const std::uint32_t id = s.cell_citizen[cell];
        if (id == kNobody || !s.at_liberty(id)) return;
        ++witnesses_;
        if (after_record && s.learned_perception) s.public_sightings.emplace_back(id, kind);
        // Afraid from the next decision on (the next tick's), as long as
        // fear_ticks after the sight. Listed once, while the fear of an
        // earlier sight lasts (even a fear of 0, which a schedule may give).
        if (fear_until_[id] < s.tick) afraid_list_.push_back(id);
        s.risk_factor[id] = fear_;
        fear_until_[id] = static_cast<std::int32_t>(s.tick + fear_ticks_);
        if (s.grievance(id) > backlash_at_) shift_legitimacy(s, id, -backlash_);
      });
    }
  }

  void record(const Society& s, const ResultRow& row) const override {
    row.set(events_slot_, static_cast<double>(events_));
    row.set(witnesses_slot_, static_cast<double>(witnesses_));
    const auto afraid = std::count_if(afraid_list_.begin(), afraid_list_.end(),
                                      [&s](std::uint32_t id) { return s.risk_factor[id] != 1.0F; });
    row.set(afraid_slot_, static_cast<double>(afraid));
    row.set(cost_slot_, static_cast<double>(events_) * unit_cost_.at(s.tick));
  }

  // The afraid, in the order they became afraid (the fear factor itself is
  // the layer's risk_factor column).
  void walk_state(StateArchive& archive) override {
    archive.vector_up_to("the afraid citizens", afraid_list_, fear_until_.size());
    if (!archive.loading()) return;
    std::vector<std::uint8_t> listed(fear_until_.size(), 0);
    for (const std::uint32_t id : afraid_list_) {
      archive.require(id < fear_until_.size(), "holds an afraid citizen that does not exist");
      archive.require(listed[id]++ == 0, "holds a citizen afraid twice");
    }
  }

 private:
  Params p_;
  LiveParameters::Number p_public_p_;
  LiveParameters::Number fear_p_;
  LiveParameters::Number backlash_at_p_;
  LiveParameters::Number backlash_p_;
  std::int64_t fear_ticks_;
  Neighbourhood disk_;
  RandomStream stream_;
  Column<std::int32_t> fear_until_;
  ResultSlot events_slot_;
  ResultSlot witnesses_slot_;
  ResultSlot afraid_slot_;
  ResultSlot cost_slot_;
  LiveParameters::Number unit_cost_;
  double p_public_ = 0.0;
  float fear_ = 1.0F;
  double backlash_at_ = 0.0;
  double backlash_ = 0.0;
  std::uint64_t events_ = 0;
  std::uint64_t witnesses_ = 0;
  std::vector<std::uint32_t> afraid_list_;  // citizens with risk_factor = 1 + fear
};

}  // namespace

PANOPTICON_MECHANISM(public_punishment, 800) {
  MechanismInfo m;
  m.title = "punishment made public: fear among witnesses, and backlash";
  m.phases = kPerceive | kSanction;
  m.phase_note = "perceive: fears that have run out end";
  m.parameters = {
      enabled("public_punishment", "public punishment"),
      live("public_punishment.p_public", 0.5, 0, 1, "",
           "chance that an arrest or detention is made public", "[S14] (level illustrative)"),
      real("public_punishment.radius", 5, 0, 100, "cells",
           "witnesses: citizens at liberty within this radius (the rule-set's shape)", kModelling),
      live("public_punishment.fear", 0.5, 0, 100, "",
           "a witness's risk aversion is multiplied by 1 + fear", "[S48] (level illustrative)"),
      whole("public_punishment.fear_ticks", 10, 0, 1e9, "ticks", "how long the fear lasts",
            kModelling),
      live("public_punishment.backlash_at", 0.15, 0, 1, "",
           "witnesses with a grievance above this lose legitimacy instead of only fearing",
           "[S53] (level illustrative)"),
      live("public_punishment.backlash", 0.01, 0, 1, "",
           "legitimacy such a witness loses (a lasting shift, fading at dissent.shift_decay)",
           kModelling),
  };
  const auto never = static_cast<double>(kNever);
  m.columns = {
      state_column("public_punishment_fear_until", ColumnType::kI32,
                   "the last tick a witness's fear lasts", never, 2147483647.0, never),
  };
  m.results = {
      flow("public_punishment_events", "events", "punishments made public"),
      flow("public_punishment_witnesses", "citizens", "witnesses of public punishments"),
      level("public_punishment_afraid", "citizens", "citizens whose fear is raised"),
      flow("public_punishment_cost", "US$", "punishments made public x costs.public_event"),
  };
  m.create = creator<PublicPunishment>();
  return m;
}

}  // namespace panopticon::mechanisms
