// ijop: the data-fusion platform that flags people for investigation and
// detention (mechanisms.md 2.6; [S19-S24]). Risk grows with weighted
// signals that the platform can see (records, contacts, movement away from
// home, going off grid, minority membership, the blacklist) and decays;
// the riskiest flagged citizens are investigated up to a capacity, and an
// investigation detains with probability p_detain. Location signals come
// from the records other mechanisms keep while they are on: the cameras'
// sightings and the card's use.
#include <algorithm>
#include <cmath>

#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What the platform draws for, in its own stream.
enum class Draw : std::uint16_t {
  kInvestigate = 15,  // how many investigations a fractional capacity opens, and their outcome
};

class Ijop final : public Mechanism {
 public:
  explicit Ijop(const MechanismContext& c)
      : p_(c.society, c.info.name),
        w_dissent_p_(p_.number("w_dissent")),
        w_active_p_(p_.number("w_active")),
        w_contact_p_(p_.number("w_contact")),
        w_away_p_(p_.number("w_away")),
        home_radius_p_(p_.number("home_radius")),
        w_offgrid_p_(p_.number("w_offgrid")),
        w_group_p_(p_.number("w_group")),
        w_blacklist_p_(p_.number("w_blacklist")),
        decay_p_(p_.number("decay")),
        flag_at_p_(p_.number("flag_at")),
        capacity_p_(p_.number("capacity")),
        p_detain_p_(p_.number("p_detain")),
        investigation_cost_p_(c.society.live.number("costs.investigation")),
        offgrid_ticks_(p_.whole("offgrid_ticks")),
        detention_ticks_(static_cast<std::int32_t>(p_.whole("detention_ticks"))),
        stream_(c.stream),
        risk_(c.society.columns.get<float>("ijop_risk")),
        flagged_column_(c.society.columns.get<std::uint8_t>("ijop_flagged")),
        flagged_slot_(c.result("flagged")),
        new_flags_slot_(c.result("new_flags")),
        new_flags_active_slot_(c.result("new_flags_ever_active")),
        investigations_slot_(c.result("investigations")),
        detentions_slot_(c.result("detentions")),
        mean_risk_slot_(c.result("mean_risk")),
        cost_slot_(c.result("cost")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override {
    const std::int64_t t = s.tick;
    w_dissent_ = w_dissent_p_.at(t);
    w_active_ = w_active_p_.at(t);
    w_contact_ = w_contact_p_.at(t);
    w_away_ = w_away_p_.at(t);
    home_radius_ = home_radius_p_.at(t);
    w_offgrid_ = w_offgrid_p_.at(t);
    w_group_ = w_group_p_.at(t);
    w_blacklist_ = w_blacklist_p_.at(t);
    decay_ = decay_p_.at(t);
    flag_at_ = flag_at_p_.at(t);
    capacity_ = capacity_p_.at(t);
    p_detain_ = p_detain_p_.at(t);
    investigation_cost_ = investigation_cost_p_.at(t);
    // The location records there are this tick: camera sightings while
    // cameras are on; card use while the card is on and logs locations.
    last_seen_ = s.columns.find<std::int32_t>("cameras_last_seen");
    seen_cell_ = s.columns.find<CellIndex>("cameras_seen_cell");
    card_ = s.columns.find<std::uint8_t>("id_card_holder");
    if (card_ && !s.live.flag_at("id_card.location_logging", t)) card_ = {};
    const bool tracking = static_cast<bool>(last_seen_) || static_cast<bool>(card_);
    // Off grid counts from the last location record; without camera
    // records, from when the platform began to track locations.
    if (tracking && !tracking_) tracking_since_ = t;
    tracking_ = tracking;
  }

  void enforce(Society& s, EngineAccess& engine) override {
    investigations_ = 0;
    detentions_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    Draws draws(stream_, Draw::kInvestigate, tick, kNobody);
    const double slots = capacity_ * s.citizens / 10000.0;
    auto n = static_cast<std::size_t>(std::floor(slots));
    if (draws.next_unit() < slots - std::floor(slots)) ++n;
    if (n == 0) return;
    std::vector<std::uint32_t> queue;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (flagged_column_[id] != 0 && s.at_liberty(id)) queue.push_back(id);
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
      flagged_column_[id] = 0;
      Draws decision(stream_, Draw::kInvestigate, tick, id);
      if (decision.next_unit() >= p_detain_) continue;
      if (!engine.confine(id, s.cell[id], detention_ticks_, false)) continue;
      s.confine(id, s.cell[id], true);
      s.last_record[id] = static_cast<std::int32_t>(s.tick);  // a detention is on record
      ++detentions_;
    }
  }

  // Where the state knows a citizen is this tick, if it does: a camera
  // sighting now, or, for a card holder at liberty, its cell.
  bool located_now(const Society& s, std::uint32_t id) const {
    return (last_seen_ && last_seen_[id] == static_cast<std::int32_t>(s.tick)) ||
           (card_ && card_[id] != 0 && s.at_liberty(id));
  }
  CellIndex located_cell(const Society& s, std::uint32_t id) const {
    return card_ && card_[id] != 0 ? s.cell[id] : seen_cell_[id];
  }

  void score(Society& s) override {
    std::vector<std::uint16_t>& linked = linked_;
    linked.assign(s.citizens, 0);
    if (w_contact_ > 0.0) count_links(s, linked);
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
          if (located_now(s, id)) {
            // One division per cell, not two (this loop runs over every citizen).
            const CellIndex at = located_cell(s, id);
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
          const std::int64_t seen = last_seen_ ? last_seen_[id] : tracking_since_;
          if (!(card_ && card_[id] != 0) && s.tick - seen > offgrid_ticks_) r += w_offgrid_;
        }
      }
      risk_[id] = static_cast<float>(r);
      total += r;
      const bool flag = r >= flag_at_;
      if (flag && flagged_column_[id] == 0) {
        ++new_flags_;
        new_flags_active_ += (s.history[id] & kEverActive) != 0 ? 1U : 0U;
      }
      flagged_column_[id] = flag ? 1 : 0;
      flagged_ += flagged_column_[id];
    }
    mean_risk_ = total / std::max<double>(1.0, s.citizens);
  }

  // Contacts of flagged or detained citizens that the state has on record:
  // network links it holds (telecom's monitored traffic; every link under
  // the legacy rule), and, while it tracks locations, co-location: a
  // citizen located this tick within one cell of where a flagged citizen
  // was located (camera co-occurrence, card logs).
  void count_links(const Society& s, std::vector<std::uint16_t>& linked) {
    auto add = [&linked](std::uint32_t j) {
      if (linked[j] < 65535U) ++linked[j];
    };
    if (!s.network.empty()) {
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        if (flagged_column_[id] == 0 && s.state[id] != AgentState::kDetained) continue;
        s.for_each_contact_on_record(id, add);
      }
    }
    if (!s.recorded_knowledge || !tracking_) return;
    // Each flagged citizen located now marks the 3 x 3 cells around where
    // it was located (the flagged are few); a citizen located on a marked
    // cell was within one cell of that many.
    bool any = false;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (flagged_column_[id] == 0 || !s.at_liberty(id) || !located_now(s, id)) continue;
      if (!any) near_flagged_.assign(s.torus.cell_count(), 0);
      any = true;
      const CellIndex at = located_cell(s, id);
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          std::uint16_t& n = near_flagged_[s.torus.shifted(at, dx, dy)];
          if (n < 65535U) ++n;
        }
      }
    }
    if (!any) return;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (!s.at_liberty(id) || !located_now(s, id)) continue;
      unsigned near = near_flagged_[located_cell(s, id)];
      // Not its own sighting.
      if (flagged_column_[id] != 0 && near > 0) --near;
      linked[id] = static_cast<std::uint16_t>(std::min<unsigned>(65535U, linked[id] + near));
    }
  }

  void walk_state(StateArchive& archive) override {
    archive.value("since when the platform tracks locations", tracking_since_);
    archive.require(tracking_since_ >= 0, "holds an impossible start of location tracking");
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(flagged_slot_, static_cast<double>(flagged_));
    row.set(new_flags_slot_, static_cast<double>(new_flags_));
    row.set(new_flags_active_slot_, static_cast<double>(new_flags_active_));
    row.set(investigations_slot_, static_cast<double>(investigations_));
    row.set(detentions_slot_, static_cast<double>(detentions_));
    row.set(mean_risk_slot_, mean_risk_);
    row.set(cost_slot_, static_cast<double>(investigations_) * investigation_cost_);
  }

 private:
  Params p_;
  LiveParameters::Number w_dissent_p_;
  LiveParameters::Number w_active_p_;
  LiveParameters::Number w_contact_p_;
  LiveParameters::Number w_away_p_;
  LiveParameters::Number home_radius_p_;
  LiveParameters::Number w_offgrid_p_;
  LiveParameters::Number w_group_p_;
  LiveParameters::Number w_blacklist_p_;
  LiveParameters::Number decay_p_;
  LiveParameters::Number flag_at_p_;
  LiveParameters::Number capacity_p_;
  LiveParameters::Number p_detain_p_;
  LiveParameters::Number investigation_cost_p_;
  std::int64_t offgrid_ticks_;
  std::int32_t detention_ticks_;
  RandomStream stream_;
  Column<float> risk_;
  Column<std::uint8_t> flagged_column_;
  Column<std::int32_t> last_seen_;  // cameras', while they are on
  Column<CellIndex> seen_cell_;
  Column<std::uint8_t> card_;  // the card's holders, while it is on and logs locations
  bool tracking_ = false;
  std::int64_t tracking_since_ = 0;  // the tick location tracking began (card only)
  ResultSlot flagged_slot_;
  ResultSlot new_flags_slot_;
  ResultSlot new_flags_active_slot_;
  ResultSlot investigations_slot_;
  ResultSlot detentions_slot_;
  ResultSlot mean_risk_slot_;
  ResultSlot cost_slot_;
  double w_dissent_ = 0.0;
  double w_active_ = 0.0;
  double w_contact_ = 0.0;
  double w_away_ = 0.0;
  double home_radius_ = 0.0;
  double w_offgrid_ = 0.0;
  double w_group_ = 0.0;
  double w_blacklist_ = 0.0;
  double decay_ = 0.0;
  double flag_at_ = 0.0;
  double capacity_ = 0.0;
  double p_detain_ = 0.0;
  double investigation_cost_ = 0.0;
  std::vector<std::uint16_t> linked_;        // scratch: flagged or detained contacts, 2 per citizen
  std::vector<std::uint16_t> near_flagged_;  // scratch: flagged citizens located within one cell
  std::uint64_t flagged_ = 0;
  std::uint64_t new_flags_ = 0;
  std::uint64_t new_flags_active_ = 0;
  std::uint64_t investigations_ = 0;
  std::uint64_t detentions_ = 0;
  double mean_risk_ = 0.0;
};

}  // namespace

PANOPTICON_MECHANISM(ijop, 600) {
  MechanismInfo m;
  m.title = "a data-fusion platform that flags citizens for investigation and detention";
  m.phases = kEnforce | kScore;
  m.phase_note = "enforce: investigations; score: risk and flags";
  m.needs_network = true;
  const std::string hrw = "[S19], [S21] (weight illustrative)";
  m.parameters = {
      enabled("ijop", "the data-fusion platform"),
      live("ijop.w_dissent", 1.0, 0, 1e6, "risk", "risk added by a tick with a recorded DISSENT",
           hrw),
      live("ijop.w_active", 3.0, 0, 1e6, "risk", "risk added by a tick with a recorded ACTIVE",
           hrw),
      live("ijop.w_contact", 0.05, 0, 1e6, "risk per contact",
           "risk added per contact on record that is flagged or detained ('problematic "
           "relationships'): links in telecom's monitored traffic, and co-location with a "
           "flagged citizen in camera or card location records",
           hrw),
      live("ijop.w_away", 0.05, 0, 1e6, "risk",
           "risk added when a citizen is recorded farther than home_radius from home", hrw),
      live("ijop.home_radius", 10, 0, 1e6, "cells", "the registered residence area", hrw),
      live("ijop.w_offgrid", 0.2, 0, 1e6, "risk",
           "risk added per tick without a location record for more than offgrid_ticks (only "
           "when cameras or card location logging are on)",
           hrw),
      whole("ijop.offgrid_ticks", 20, 0, 1e9, "ticks", "how long without a record is off grid",
            hrw),
      live("ijop.w_group", 0.2, 0, 1e6, "risk",
           "risk added per tick for minority membership (targeting of lawful religious "
           "practice)",
           "[S19], [S22] (weight illustrative)"),
      live("ijop.w_blacklist", 0.2, 0, 1e6, "risk", "risk added per tick while blacklisted",
           kModelling),
      live("ijop.decay", 0.1, 0, 1, "per tick", "share of risk that fades each tick", kModelling),
      live("ijop.flag_at", 3.0, 0, 1e9, "risk", "risk at or above which a citizen is flagged",
           kModelling),
      live("ijop.capacity", 5.0, 0, 1e4, "per 10,000 citizens per tick",
           "investigations opened per tick, highest risk first",
           "[S23]: 24,412 flagged in one week (capacity illustrative)"),
      live("ijop.p_detain", 0.61, 0, 1, "", "chance that an investigation ends in detention",
           "[S23]: over 15,000 of 24,412 flagged sent to camps"),
      whole("ijop.detention_ticks", 100, 1, 1e9, "ticks", "length of a detention",
            "[S23]: minimum 1 year (tick length illustrative)"),
  };
  m.columns = {
      state_column("ijop_risk", ColumnType::kF32, "the platform's risk score of the citizen",
                   -3.4e38, 3.4e38),
      state_column("ijop_flagged", ColumnType::kU8, "1 while flagged for investigation", 0, 1),
  };
  m.results = {
      level("ijop_flagged", "citizens", "citizens flagged"),
      flow("ijop_new_flags", "flags", "citizens newly flagged during the tick"),
      flow("ijop_new_flags_ever_active", "flags",
           "newly flagged citizens that were ever ACTIVE (for flag precision)"),
      flow("ijop_investigations", "investigations", "investigations opened"),
      flow("ijop_detentions", "detentions", "investigations that ended in detention"),
      level("ijop_mean_risk", "risk", "mean risk over citizens"),
      flow("ijop_cost", "US$", "investigations x costs.investigation"),
  };
  m.create = creator<Ijop>();
  return m;
}

}  // namespace panopticon::mechanisms
