// ijop: the data-fusion platform that flags people for investigation and
// detention (mechanisms.md 2.6; [S19-S24]). Risk grows with weighted
// signals that the platform can see (records, contacts, movement away from
// home, going off grid, minority membership, the blacklist) and decays;
// the riskiest flagged citizens are investigated up to a capacity, and an
// investigation detains with probability p_detain.
#include <algorithm>
#include <cmath>

#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Ijop final : public Mechanism {
 public:
  Ijop(const Scenario& scenario, const Society& s, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        w_dissent_(p_.real("w_dissent")),
        w_active_(p_.real("w_active")),
        w_contact_(p_.real("w_contact")),
        w_away_(p_.real("w_away")),
        home_radius_(p_.real("home_radius")),
        w_offgrid_(p_.real("w_offgrid")),
        offgrid_ticks_(p_.whole("offgrid_ticks")),
        w_group_(p_.real("w_group")),
        w_blacklist_(p_.real("w_blacklist")),
        decay_(p_.real("decay")),
        flag_at_(p_.real("flag_at")),
        capacity_(p_.real("capacity")),
        p_detain_(p_.real("p_detain")),
        detention_ticks_(static_cast<std::int32_t>(p_.whole("detention_ticks"))),
        investigation_cost_(scenario.params.get_float("costs.investigation")),
        // Off-grid is a signal only where some channel logs locations.
        tracking_(scenario.params.get_bool("cameras.enabled") ||
                  (scenario.params.get_bool("id_card.enabled") &&
                   scenario.params.get_bool("id_card.location_logging"))),
        stream_(info.stream),
        risk_(s.citizens, 0.0F) {}

  void enforce(Society& s, EngineAccess& engine) override {
    investigations_ = 0;
    detentions_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    Draws draws(s.streams, Purpose::kInvestigate, tick, kNobody, stream_);
    const double slots = capacity_ * s.citizens / 10000.0;
    auto n = static_cast<std::size_t>(std::floor(slots));
    if (draws.next_unit() < slots - std::floor(slots)) ++n;
    if (n == 0) return;
    std::vector<std::uint32_t> queue;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.flagged[id] != 0 && s.at_liberty(id)) queue.push_back(id);
    }
    n = std::min(n, queue.size());
    // Highest risk first; ties to the lower id, so the order is fixed.
    std::partial_sort(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n), queue.end(),
                      [this](std::uint32_t a, std::uint32_t b) {
                        return risk_[a] != risk_[b] ? risk_[a] > risk_[b] : a < b;
                      });
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t id = queue[k];
      ++investigations_;
      risk_[id] = 0.0F;  // investigated: cleared or detained, the file starts again
      s.flagged[id] = 0;
      Draws decision(s.streams, Purpose::kInvestigate, tick, id, stream_);
      if (decision.next_unit() >= p_detain_) continue;
      if (!engine.confine(id, s.cell[id], detention_ticks_, false)) continue;
      s.confine(id, s.cell[id], true);
      s.last_record[id] = static_cast<std::int32_t>(s.tick);  // a detention is on record
      ++detentions_;
    }
  }

  void score(Society& s) override {
    std::vector<std::uint16_t>& linked = linked_;
    linked.assign(s.citizens, 0);
    if (w_contact_ > 0.0 && !s.network.empty()) {
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        if (s.flagged[id] == 0 && s.state[id] != Behaviour::kDetained) continue;
        for (const std::uint32_t j : s.network.contacts(id)) ++linked[j];
      }
    }
    const auto w = static_cast<double>(s.torus.width());
    const auto h = static_cast<double>(s.torus.height());
    new_flags_ = 0;
    new_flags_active_ = 0;
    flagged_ = 0;
    double total = 0.0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      double r = risk_[id] * (1.0 - decay_);
      if (s.at_liberty(id)) {
        const std::uint8_t rec = s.recorded[id];
        r += (rec & kRecordedDissent) != 0 ? w_dissent_ : 0.0;
        r += (rec & (kRecordedActive | kRecordedArrest)) != 0 ? w_active_ : 0.0;
        r += w_contact_ * linked[id];
        r += s.group[id] != 0 ? w_group_ : 0.0;
        r += s.blacklisted[id] != 0 ? w_blacklist_ : 0.0;
        if (tracking_) {
          if (s.located_now(id)) {
            // One division per cell, not two (this loop runs over every citizen).
            const CellIndex at = s.located_cell(id);
            const CellIndex home = s.home[id];
            const std::uint32_t at_y = at / s.torus.width();
            const std::uint32_t home_y = home / s.torus.width();
            const std::uint32_t at_x = at - at_y * s.torus.width();
            const std::uint32_t home_x = home - home_y * s.torus.width();
            double dx = std::abs(static_cast<double>(at_x) - static_cast<double>(home_x));
            double dy = std::abs(static_cast<double>(at_y) - static_cast<double>(home_y));
            dx = std::min(dx, w - dx);
            dy = std::min(dy, h - dy);
            if (dx * dx + dy * dy > home_radius_ * home_radius_) r += w_away_;
          }
          if (s.located_by_card[id] == 0 && s.tick - s.last_seen[id] > offgrid_ticks_) {
            r += w_offgrid_;
          }
        }
      }
      risk_[id] = static_cast<float>(r);
      total += r;
      const bool flag = r >= flag_at_;
      if (flag && s.flagged[id] == 0) {
        ++new_flags_;
        new_flags_active_ += (s.history[id] & kEverActive) != 0 ? 1U : 0U;
      }
      s.flagged[id] = flag ? 1 : 0;
      flagged_ += s.flagged[id];
    }
    mean_risk_ = total / std::max<double>(1.0, s.citizens);
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(flagged_);
    out[1] = static_cast<double>(new_flags_);
    out[2] = static_cast<double>(new_flags_active_);
    out[3] = static_cast<double>(investigations_);
    out[4] = static_cast<double>(detentions_);
    out[5] = mean_risk_;
    out[6] = static_cast<double>(investigations_) * investigation_cost_;
  }

  void save(CheckpointWriter& out) const override {
    out.put_vector(risk_);
    out.put<std::uint64_t>(flagged_);
    out.put<double>(mean_risk_);
  }
  void load(CheckpointReader& in) override {
    risk_ = in.get_vector<float>("the platform risks", risk_.size());
    // Risks are sort keys: NaN would break the ordering of investigations.
    if (!std::ranges::all_of(risk_, [](float r) { return std::isfinite(r); })) {
      in.fail("holds a non-finite platform risk");
    }
    flagged_ = in.get<std::uint64_t>("the flagged count");
    mean_risk_ = in.get<double>("the mean risk");
  }

 private:
  Params p_;
  double w_dissent_;
  double w_active_;
  double w_contact_;
  double w_away_;
  double home_radius_;
  double w_offgrid_;
  std::int64_t offgrid_ticks_;
  double w_group_;
  double w_blacklist_;
  double decay_;
  double flag_at_;
  double capacity_;
  double p_detain_;
  std::int32_t detention_ticks_;
  double investigation_cost_;
  bool tracking_;
  std::uint16_t stream_;
  std::vector<float> risk_;            // 4 bytes per citizen
  std::vector<std::uint16_t> linked_;  // scratch: flagged or detained contacts, 2 per citizen
  std::uint64_t flagged_ = 0;
  std::uint64_t new_flags_ = 0;
  std::uint64_t new_flags_active_ = 0;
  std::uint64_t investigations_ = 0;
  std::uint64_t detentions_ = 0;
  double mean_risk_ = 0.0;
};

}  // namespace

MechanismInfo ijop() {
  MechanismInfo m;
  m.name = "ijop";
  m.title = "a data-fusion platform that flags citizens for investigation and detention";
  m.phases = "enforce (investigations), score (risk, flags)";
  m.needs_network = true;
  const std::string hrw = "[S19], [S21] (weight illustrative)";
  m.parameters = {
      enabled("ijop", "the data-fusion platform"),
      real("ijop.w_dissent", 1.0, 0, 1e6, "risk", "risk added by a tick with a recorded DISSENT",
           hrw),
      real("ijop.w_active", 3.0, 0, 1e6, "risk", "risk added by a tick with a recorded ACTIVE",
           hrw),
      real("ijop.w_contact", 0.05, 0, 1e6, "risk per contact",
           "risk added per contact that is flagged or detained ('problematic relationships')", hrw),
      real("ijop.w_away", 0.05, 0, 1e6, "risk",
           "risk added when a citizen is recorded farther than home_radius from home", hrw),
      real("ijop.home_radius", 10, 0, 1e6, "cells", "the registered residence area", hrw),
      real("ijop.w_offgrid", 0.2, 0, 1e6, "risk",
           "risk added per tick without a location record for more than offgrid_ticks (only "
           "when cameras or card location logging are on)",
           hrw),
      whole("ijop.offgrid_ticks", 20, 0, 1e9, "ticks", "how long without a record is off grid",
            hrw),
      real("ijop.w_group", 0.2, 0, 1e6, "risk",
           "risk added per tick for minority membership (targeting of lawful religious "
           "practice)",
           "[S19], [S22] (weight illustrative)"),
      real("ijop.w_blacklist", 0.2, 0, 1e6, "risk", "risk added per tick while blacklisted",
           kModelling),
      real("ijop.decay", 0.1, 0, 1, "per tick", "share of risk that fades each tick", kModelling),
      real("ijop.flag_at", 3.0, 0, 1e9, "risk", "risk at or above which a citizen is flagged",
           kModelling),
      real("ijop.capacity", 5.0, 0, 1e4, "per 10,000 citizens per tick",
           "investigations opened per tick, highest risk first",
           "[S23]: 24,412 flagged in one week (capacity illustrative)"),
      real("ijop.p_detain", 0.61, 0, 1, "", "chance that an investigation ends in detention",
           "[S23]: over 15,000 of 24,412 flagged sent to camps"),
      whole("ijop.detention_ticks", 100, 1, 1e9, "ticks", "length of a detention",
            "[S23]: minimum 1 year (tick length illustrative)"),
  };
  m.results = {
      level("ijop_flagged", "citizens", "citizens flagged"),
      flow("ijop_new_flags", "flags", "citizens newly flagged during the tick"),
      flow("ijop_new_flags_ever_active", "flags",
           "newly flagged citizens that were ever ACTIVE (for flag precision)"),
      flow("ijop_investigations", "investigations", "investigations opened"),
      flow("ijop_detentions", "detentions", "investigations that ended in detention"),
      level("ijop_mean_risk", "risk", "mean risk over citizens"),
      flow("ijop_cost", "cost units", "investigations x costs.investigation"),
  };
  m.create = creator<Ijop>();
  return m;
}

}  // namespace panopticon::mechanisms
