// cameras: a camera network with face recognition (mechanisms.md 2.2),
// such as Ecuador's ECU-911 [S32]. Records DISSENT and ACTIVE on covered
// cells with true positive rate tpr; false matches attribute a record to
// someone else, and ambient false alarms record quiet agents, both more
// often for the minority [S43]. Citizens see the cameras (chilling).
#include <cmath>
#include <numbers>

#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Cameras final : public Mechanism {
 public:
  Cameras(const Scenario& scenario, Society& s, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        tpr_(p_.real("tpr")),
        fmr_(p_.real("fmr")),
        ambient_(p_.real("fmr_ambient")),
        factor_(p_.real("minority_fmr_factor")),
        camera_cost_(scenario.params.get_float("costs.camera")),
        stream_(info.stream) {
    place(s);
    const auto chill = static_cast<float>(p_.real("deterrence") * tpr_);
    for (const CellIndex c : cameras_) {
      s.cell_watch[c] = static_cast<float>(tpr_);
      s.cell_chill[c] = chill;
    }
    for (std::uint32_t id = 0; id < s.citizens; ++id) members_[s.group[id]].push_back(id);
  }

  void observe(Society& s) override {
    events_ = 0;
    misattributed_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    for (const CellIndex c : cameras_) {
      const std::uint32_t id = s.cell_citizen[c];
      if (id == kNobody || !s.at_liberty(id)) continue;
      s.last_seen[id] = static_cast<std::int32_t>(s.tick);  // face logged: a location record
      s.seen_cell[id] = c;
      const Behaviour b = s.state[id];
      if (b != Behaviour::kDissent && b != Behaviour::kActive) continue;
      Draws draws(s.streams, Purpose::kObserve, tick, id, stream_);
      if (draws.next_unit() >= tpr_) continue;
      std::uint32_t who = id;
      const double fmr = std::min(1.0, fmr_ * (s.group[id] != 0 ? factor_ : 1.0));
      if (draws.next_unit() < fmr) who = false_match(s, id, tick);
      emit(s, who, b, who != id);
    }
    // Ambient false alarms: each covered quiet citizen with probability
    // fmr_ambient (times the factor for the minority), by thinning one sweep
    // over the cameras at the highest rate.
    const double top = std::min(1.0, ambient_ * std::max(1.0, factor_));
    Draws sweep(s.streams, Purpose::kAmbient, tick, 0, stream_);
    for_each_picked(sweep, static_cast<std::uint32_t>(cameras_.size()), top, [&](std::uint32_t k) {
      const double accept = sweep.next_unit();
      const std::uint32_t id = s.cell_citizen[cameras_[k]];
      if (id == kNobody || s.state[id] != Behaviour::kQuiet) return;
      const double p = std::min(1.0, ambient_ * (s.group[id] != 0 ? factor_ : 1.0));
      if (accept * top < p) emit(s, id, Behaviour::kDissent, true);
    });
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(cameras_.size());
    out[1] = static_cast<double>(events_);
    out[2] = static_cast<double>(misattributed_);
    out[3] = static_cast<double>(cameras_.size()) * camera_cost_;
  }

 private:
  void emit(Society& s, std::uint32_t who, Behaviour b, bool misattributed) {
    s.record(ObservationEvent{who, static_cast<std::int32_t>(s.tick), b, Channel::kCamera,
                              misattributed, 0});
    if (b == Behaviour::kActive) s.last_camera_active[who] = static_cast<std::int32_t>(s.tick);
    ++events_;
    misattributed_ += misattributed ? 1U : 0U;
  }

  // A false match resembles the face it was made from: another citizen of
  // the same group.
  std::uint32_t false_match(const Society& s, std::uint32_t id, std::uint32_t tick) const {
    const auto& pool = members_[s.group[id]];
    if (pool.size() < 2) return id;
    Draws draws(s.streams, Purpose::kMisattribute, tick, id, stream_);
    std::uint32_t who = id;
    while (who == id) who = pool[draws.next_below(static_cast<std::uint32_t>(pool.size()))];
    return who;
  }

  void place(const Society& s) {
    const std::uint32_t n_cells = s.torus.cell_count();
    const auto count = static_cast<std::uint32_t>(std::llround(p_.real("coverage") * n_cells));
    std::vector<std::uint8_t> has(n_cells, 0);
    Draws draws(s.streams, Purpose::kLayout, 0, 0, stream_);
    if (p_.choice("placement") == "uniform") {
      // A partial Fisher-Yates shuffle: `count` distinct cells.
      std::vector<CellIndex> all(n_cells);
      for (CellIndex c = 0; c < n_cells; ++c) all[c] = c;
      for (std::uint32_t i = 0; i < count; ++i) {
        std::swap(all[i], all[i + draws.next_below(n_cells - i)]);
        has[all[i]] = 1;
      }
    } else {
      // Around `hubs` city centres, at a normal distance of sd hub_spread.
      const auto hubs = static_cast<std::uint32_t>(p_.whole("hubs"));
      const double spread = p_.real("hub_spread");
      std::vector<CellIndex> centre(hubs);
      for (auto& c : centre) c = draws.next_below(n_cells);
      std::uint32_t placed = 0;
      for (std::uint32_t k = 0; placed < count && k < 64U * count; ++k) {
        const CellIndex hub = centre[draws.next_below(hubs)];
        const double radius = spread * std::sqrt(-2.0 * std::log1p(-draws.next_unit()));
        const double angle = 2.0 * std::numbers::pi * draws.next_unit();
        const auto w = static_cast<double>(s.torus.width());
        const auto h = static_cast<double>(s.torus.height());
        const auto dx = static_cast<int>(std::fmod(std::round(radius * std::cos(angle)), w));
        const auto dy = static_cast<int>(std::fmod(std::round(radius * std::sin(angle)), h));
        const CellIndex c = s.torus.shifted(hub, dx, dy);
        if (has[c] == 0) {
          has[c] = 1;
          ++placed;
        }
      }
      for (CellIndex c = 0; placed < count && c < n_cells; ++c) {  // hubs saturated
        if (has[c] == 0) {
          has[c] = 1;
          ++placed;
        }
      }
    }
    for (CellIndex c = 0; c < n_cells; ++c) {
      if (has[c] != 0) cameras_.push_back(c);
    }
  }

  Params p_;
  double tpr_;
  double fmr_;
  double ambient_;
  double factor_;
  double camera_cost_;
  std::uint16_t stream_;
  std::vector<CellIndex> cameras_;
  std::array<std::vector<std::uint32_t>, 2> members_;
  std::uint64_t events_ = 0;
  std::uint64_t misattributed_ = 0;
};

}  // namespace

MechanismInfo cameras() {
  MechanismInfo m;
  m.name = "cameras";
  m.title = "a camera network with face recognition";
  m.phases = "placement (the chilling of covered cells, fixed), observe";
  m.parameters = {
      enabled("cameras", "the camera network"),
      real("cameras.coverage", 0.3, 0, 1, "share of cells", "share of cells with a camera",
           "[S32] (share illustrative)"),
      param_choice("cameras.placement", std::string("uniform"), {"uniform", "hubs"},
                   "uniform: cameras on a uniformly random set of cells; hubs: clustered around "
                   "city centres",
                   "[S32]"),
      whole("cameras.hubs", 4, 1, 1e6, "hubs", "number of city centres (placement = hubs)",
            kModelling),
      real("cameras.hub_spread", 5.0, 0.1, 1e6, "cells",
           "standard deviation of a camera's distance from its hub", kModelling),
      real("cameras.tpr", 0.9, 0, 1, "",
           "true positive rate: chance that DISSENT or ACTIVE on a covered cell is recorded",
           "[S37] (vendor claim of 95% accuracy)"),
      real("cameras.fmr", 0.01, 0, 1, "",
           "false match rate: chance that a recorded event is attributed to another citizen of "
           "the same group",
           "[S43] (level illustrative)"),
      real("cameras.fmr_ambient", 0.001, 0, 1, "per tick",
           "chance that a covered QUIET citizen is recorded as DISSENT by a false alarm",
           kModelling),
      real("cameras.minority_fmr_factor", 10.0, 1, 1000, "",
           "false matches and false alarms for the minority are this many times as frequent",
           "[S43]: 10 to 100 times for some demographics"),
      real("cameras.deterrence", 0.5, 0, 1, "",
           "how much of a camera's recording chance a citizen adds to its perceived arrest "
           "risk (chilling): s = deterrence x tpr on a covered cell",
           "[S45] (level illustrative)"),
  };
  m.results = {
      level("cameras_count", "cameras", "cameras installed"),
      flow("cameras_events", "events", "behaviour events recorded by cameras"),
      flow("cameras_misattributed", "events",
           "camera events attributed to the wrong citizen or to a quiet one"),
      flow("cameras_cost", "cost units", "cameras x costs.camera"),
  };
  m.create = creator<Cameras>();
  return m;
}

}  // namespace panopticon::mechanisms
