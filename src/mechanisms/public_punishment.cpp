// public_punishment: arrests and detentions made public, as in struggle
// sessions and public shaming [S14] (mechanisms.md 2.8). Witnesses within
// `radius` grow more risk-averse for a while; those with a high grievance
// lose legitimacy instead (backlash).
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class PublicPunishment final : public Mechanism {
 public:
  PublicPunishment(const Scenario& scenario, Society& s, const MechanismInfo& info)
      : society_(&s),
        p_(scenario, info.name + "."),
        p_public_(p_.real("p_public")),
        fear_(static_cast<float>(1.0 + p_.real("fear"))),
        fear_ticks_(p_.whole("fear_ticks")),
        backlash_at_(p_.real("backlash_at")),
        backlash_(p_.real("backlash")),
        disk_(s.torus, scenario.rules.vision_shape, p_.real("radius"), true),
        stream_(info.stream),
        fear_until_(s.citizens, kNever) {}

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
      Draws draws(s.streams, Purpose::kPublic, tick, c.agent, stream_);
      if (draws.next_unit() >= p_public_) continue;
      ++events_;
      disk_.for_each_cell(c.cell, [&](CellIndex cell) {
        const std::uint32_t id = s.cell_citizen[cell];
        if (id == kNobody || !s.at_liberty(id)) return;
        ++witnesses_;
        // Afraid from the next decision on (the next tick's), as long as
        // fear_ticks after the sight.
        if (fear_ != 1.0F && s.risk_factor[id] == 1.0F) afraid_list_.push_back(id);
        s.risk_factor[id] = fear_;
        fear_until_[id] = static_cast<std::int32_t>(s.tick + fear_ticks_);
        if (s.grievance(id) > backlash_at_) shift_legitimacy(s, id, -backlash_);
      });
    }
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(events_);
    out[1] = static_cast<double>(witnesses_);
    out[2] = static_cast<double>(afraid_list_.size());
  }

  void save(CheckpointWriter& out) const override {
    out.put_vector(fear_until_);
    out.put<std::uint64_t>(afraid_list_.size());
    out.put_vector(afraid_list_);
  }
  void load(CheckpointReader& in) override {
    fear_until_ = in.get_vector<std::int32_t>("the fear of public punishment", fear_until_.size());
    const auto n = in.get<std::uint64_t>("the number of afraid citizens");
    if (n > fear_until_.size()) in.fail("holds more afraid citizens than citizens");
    afraid_list_ = in.get_vector<std::uint32_t>("the afraid citizens", n);
    for (const std::uint32_t id : afraid_list_) {
      if (id >= fear_until_.size()) in.fail("holds an afraid citizen that does not exist");
      society_->risk_factor[id] = fear_;  // the factor is this scenario's fear
    }
    if (fear_ == 1.0F) afraid_list_.clear();
  }

 private:
  Society* society_;  // owns the risk_factor column this mechanism drives
  Params p_;
  double p_public_;
  float fear_;
  std::int64_t fear_ticks_;
  double backlash_at_;
  double backlash_;
  Neighbourhood disk_;
  std::uint16_t stream_;
  std::vector<std::int32_t> fear_until_;  // 4 bytes per citizen
  std::uint64_t events_ = 0;
  std::uint64_t witnesses_ = 0;
  std::vector<std::uint32_t> afraid_list_;  // citizens with risk_factor = 1 + fear
};

}  // namespace

MechanismInfo public_punishment() {
  MechanismInfo m;
  m.name = "public_punishment";
  m.title = "punishment made public: fear among witnesses, and backlash";
  m.phases = "perceive (fear), sanction";
  m.parameters = {
      enabled("public_punishment", "public punishment"),
      real("public_punishment.p_public", 0.5, 0, 1, "",
           "chance that an arrest or detention is made public", "[S14] (level illustrative)"),
      real("public_punishment.radius", 5, 0, 100, "cells",
           "witnesses: citizens at liberty within this radius (the rule-set's shape)", kModelling),
      real("public_punishment.fear", 0.5, 0, 100, "",
           "a witness's risk aversion is multiplied by 1 + fear", "[S48] (level illustrative)"),
      whole("public_punishment.fear_ticks", 10, 0, 1e9, "ticks", "how long the fear lasts",
            kModelling),
      real("public_punishment.backlash_at", 0.15, 0, 1, "",
           "witnesses with a grievance above this lose legitimacy instead of only fearing",
           "[S53] (level illustrative)"),
      real("public_punishment.backlash", 0.01, 0, 1, "",
           "legitimacy such a witness loses, lastingly", kModelling),
  };
  m.results = {
      flow("public_punishment_events", "events", "punishments made public"),
      flow("public_punishment_witnesses", "citizens", "witnesses of public punishments"),
      level("public_punishment_afraid", "citizens", "citizens whose fear is raised"),
  };
  m.create = creator<PublicPunishment>();
  return m;
}

}  // namespace panopticon::mechanisms
