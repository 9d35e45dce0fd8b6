// cameras: a camera network with face recognition (mechanisms.md 2.2),
// such as Ecuador's ECU-911 [S32]. Records DISSENT and ACTIVE on covered
// cells with true positive rate tpr; false matches attribute a record to
// someone else, and ambient false alarms record quiet agents, both more
// often for the minority [S43]. Citizens see the cameras (chilling).
// Cameras go up along one fixed sequence of cells, so a coverage that
// grows adds cameras and one that shrinks takes the last ones down.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What the cameras draw for, in their own stream.
enum class Draw : std::uint16_t {
  kLayout = 9,         // where cameras go
  kObserve = 11,       // whether a behaviour is recorded
  kMisattribute = 12,  // to whom a false match attributes it
  kAmbient = 13,       // false alarms on quiet citizens
};

class Cameras final : public Mechanism {
 public:
  explicit Cameras(const MechanismContext& c)
      : society_(&c.society),
        p_(c.society, c.info.name),
        coverage_p_(p_.number("coverage")),
        tpr_p_(p_.number("tpr")),
        fmr_p_(p_.number("fmr")),
        ambient_p_(p_.number("fmr_ambient")),
        factor_p_(p_.number("minority_fmr_factor")),
        deterrence_p_(p_.number("deterrence")),
        camera_cost_p_(c.society.live.number("costs.camera")),
        uniform_(p_.choice("placement") == "uniform"),
        hubs_(static_cast<std::uint32_t>(p_.whole("hubs"))),
        hub_spread_(p_.real("hub_spread")),
        stream_(c.stream),
        last_active_(c.society.columns.get<std::int32_t>("cameras_last_active")),
        last_seen_(c.society.columns.get<std::int32_t>("cameras_last_seen")),
        seen_cell_(c.society.columns.get<CellIndex>("cameras_seen_cell")),
        camera_(c.society.columns.get<std::uint8_t>("cameras_camera")),
        count_slot_(c.result("count")),
        events_slot_(c.result("events")),
        misattributed_slot_(c.result("misattributed")),
        cost_slot_(c.result("cost")) {
    Society& s = c.society;
    // Registered where they live when the cameras go up: no one is off
    // grid for want of a record older than the cameras.
    last_seen_.fill(static_cast<std::int32_t>(s.tick));
    std::copy(s.home.begin(), s.home.end(), seen_cell_.begin());
    for (std::uint32_t id = 0; id < s.citizens; ++id) members_[s.group[id]].push_back(id);
  }

  void tune(Society& s, EngineAccess& /*engine*/) override {
    tpr_ = tpr_p_.at(s.tick);
    fmr_ = fmr_p_.at(s.tick);
    ambient_ = ambient_p_.at(s.tick);
    factor_ = factor_p_.at(s.tick);
    camera_cost_ = camera_cost_p_.at(s.tick) / s.ticks_per_year;
    const double deterrence = deterrence_p_.at(s.tick);
    const auto count =
        static_cast<std::uint32_t>(std::llround(coverage_p_.at(s.tick) * s.torus.cell_count()));
    if (count != cameras_.size() || tpr_ != seen_tpr_ || deterrence != seen_deterrence_) {
      place(s, count, deterrence);
    }
  }

  void stop(Society& s, EngineAccess& /*engine*/) override {
    for (const CellIndex cell : cameras_) {
      s.cell_watch[cell] = 0.0F;
      s.cell_chill[cell] = 0.0F;
    }
  }

  // An arrest serves the warrant a camera record of ACTIVE opened.
  void confinement(Society& /*s*/, const Confinement& c) override {
    if (!c.detention) last_active_[c.agent] = kNever;
  }

  void observe(Society& s) override {
    events_ = 0;
    misattributed_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    for (const CellIndex c : cameras_) {
      const std::uint32_t id = s.cell_citizen[c];
      if (id == kNobody || !s.at_liberty(id)) continue;
      last_seen_[id] = static_cast<std::int32_t>(s.tick);  // face logged: a location record
      seen_cell_[id] = c;
      const AgentState b = s.state[id];
      if (b != AgentState::kDissent && b != AgentState::kActive) continue;
      Draws draws(stream_, Draw::kObserve, tick, id);
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
    Draws sweep(stream_, Draw::kAmbient, tick, 0);
    for_each_picked(sweep, static_cast<std::uint32_t>(cameras_.size()), top, [&](std::uint32_t k) {
      const double accept = sweep.next_unit();
      const std::uint32_t id = s.cell_citizen[cameras_[k]];
      if (id == kNobody || s.state[id] != AgentState::kQuiet) return;
      const double p = std::min(1.0, ambient_ * (s.group[id] != 0 ? factor_ : 1.0));
      if (accept * top < p) emit(s, id, AgentState::kDissent, true);
    });
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(count_slot_, static_cast<double>(cameras_.size()));
    row.set(events_slot_, static_cast<double>(events_));
    row.set(misattributed_slot_, static_cast<double>(misattributed_));
    row.set(cost_slot_, static_cast<double>(cameras_.size()) * camera_cost_);
  }

 private:
  void emit(Society& s, std::uint32_t who, AgentState b, bool misattributed) {
    s.record(ObservationEvent{who, static_cast<std::int32_t>(s.tick), b, Channel::kCamera,
                              misattributed, 0});
    if (b == AgentState::kActive) last_active_[who] = static_cast<std::int32_t>(s.tick);
    ++events_;
    misattributed_ += misattributed ? 1U : 0U;
  }

  // A false match resembles the face it was made from: another citizen of
  // the same group, at liberty (a face in a cell is not matched to a
  // prisoner's record; under the legacy rule, anyone of the group). When
  // 64 draws find none, the record stays with the citizen it was made of.
  std::uint32_t false_match(const Society& s, std::uint32_t id, std::uint32_t tick) const {
    const auto& pool = members_[s.group[id]];
    if (pool.size() < 2) return id;
    Draws draws(stream_, Draw::kMisattribute, tick, id);
    const auto n = static_cast<std::uint32_t>(pool.size());
    if (!s.recorded_knowledge) {
      std::uint32_t who = id;
      while (who == id) who = pool[draws.next_below(n)];
      return who;
    }
    for (int attempt = 0; attempt < 64; ++attempt) {
      const std::uint32_t who = pool[draws.next_below(n)];
      if (who != id && s.at_liberty(who)) return who;
    }
    return id;
  }

  // Cameras on the first `count` cells of the sequence, in cell order, each
  // cell recording with tpr and chilling with deterrence x tpr.
  void place(Society& s, std::uint32_t count, double deterrence) {
    for (const CellIndex cell : cameras_) {
      s.cell_watch[cell] = 0.0F;
      s.cell_chill[cell] = 0.0F;
      camera_[cell] = 0;
    }
    if (count > sequence_.size()) generate(count);
    cameras_.assign(sequence_.begin(), sequence_.begin() + count);
    std::sort(cameras_.begin(), cameras_.end());
    const auto chill = static_cast<float>(deterrence * tpr_);
    for (const CellIndex cell : cameras_) {
      camera_[cell] = 1;
      s.cell_watch[cell] = static_cast<float>(tpr_);
      s.cell_chill[cell] = chill;
    }
    seen_tpr_ = tpr_;
    seen_deterrence_ = deterrence;
  }

  // The cells cameras go on, in order: one fixed sequence (a function of
  // the seed and the placement parameters only), of which the cameras up
  // are the first `count`; here at least its first `count` cells. Uniform:
  // a Fisher-Yates shuffle of the cells, step by step. Hubs: cells drawn
  // around the hubs, each new one appended, until kSaturated draws in a row
  // find none new; then the other cells in cell order. Neither depends on
  // how far the sequence is taken, so a growing coverage adds cameras and
  // never moves one (and nothing about it needs saving).
  void generate(std::size_t count) {
    const auto n_cells = static_cast<std::uint32_t>(camera_.size());
    // Taken twice as far as the last time, so that a ramp of coverage
    // costs draws in proportion to the cameras, not to the ticks.
    count = std::min<std::size_t>(n_cells, std::max(count, 2 * sequence_.size()));
    sequence_.clear();
    Draws draws(stream_, Draw::kLayout, 0, 0);
    if (uniform_) {
      std::vector<CellIndex> all(n_cells);
      for (CellIndex c = 0; c < n_cells; ++c) all[c] = c;
      for (std::uint32_t i = 0; i < count; ++i) {
        std::swap(all[i], all[i + draws.next_below(n_cells - i)]);
        sequence_.push_back(all[i]);
      }
      return;
    }
    // Around `hubs` city centres, at a normal distance of sd hub_spread.
    constexpr int kSaturated = 1024;
    const Torus& torus = society_->torus;
    std::vector<std::uint8_t> has(n_cells, 0);
    std::vector<CellIndex> centre(hubs_);
    for (auto& c : centre) c = draws.next_below(n_cells);
    const auto w = static_cast<double>(torus.width());
    const auto h = static_cast<double>(torus.height());
    for (int misses = 0; sequence_.size() < count && misses < kSaturated;) {
      const CellIndex hub = centre[draws.next_below(hubs_)];
      const double radius = hub_spread_ * std::sqrt(-2.0 * std::log1p(-draws.next_unit()));
      const double angle = 2.0 * std::numbers::pi * draws.next_unit();
      const auto dx = static_cast<int>(std::fmod(std::round(radius * std::cos(angle)), w));
      const auto dy = static_cast<int>(std::fmod(std::round(radius * std::sin(angle)), h));
      const CellIndex c = torus.shifted(hub, dx, dy);
      if (has[c] != 0) {
        ++misses;
        continue;
      }
      has[c] = 1;
      sequence_.push_back(c);
      misses = 0;
    }
    for (CellIndex c = 0; sequence_.size() < count && c < n_cells; ++c) {  // hubs saturated
      if (has[c] == 0) sequence_.push_back(c);
    }
  }

  Society* society_;  // outlives the mechanism
  Params p_;
  LiveParameters::Number coverage_p_;
  LiveParameters::Number tpr_p_;
  LiveParameters::Number fmr_p_;
  LiveParameters::Number ambient_p_;
  LiveParameters::Number factor_p_;
  LiveParameters::Number deterrence_p_;
  LiveParameters::Number camera_cost_p_;
  bool uniform_;
  std::uint32_t hubs_;
  double hub_spread_;
  RandomStream stream_;
  Column<std::int32_t> last_active_;  // the warrants policing serves
  Column<std::int32_t> last_seen_;    // the location records ijop reads
  Column<CellIndex> seen_cell_;
  Column<std::uint8_t> camera_;  // per cell: 1 where a camera is
  ResultSlot count_slot_;
  ResultSlot events_slot_;
  ResultSlot misattributed_slot_;
  ResultSlot cost_slot_;
  double tpr_ = 0.0;
  double fmr_ = 0.0;
  double ambient_ = 0.0;
  double factor_ = 1.0;
  double camera_cost_ = 0.0;
  double seen_tpr_ = -1.0;  // the values the cells' watch and chill were set with
  double seen_deterrence_ = -1.0;
  std::vector<CellIndex> sequence_;  // the cells cameras go on, in order
  std::vector<CellIndex> cameras_;   // the first of them, in cell order
  std::array<std::vector<std::uint32_t>, 2> members_;
  std::uint64_t events_ = 0;
  std::uint64_t misattributed_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(cameras, 200) {
  MechanismInfo m;
  m.title = "a camera network with face recognition";
  m.phases = kObserve | kConfinement;
  m.phase_note = "its cameras chill their cells from the tick they go up (tune)";
  m.parameters = {
      enabled("cameras", "the camera network"),
      live("cameras.coverage", 0.3, 0, 1, "share of cells", "share of cells with a camera",
           "[S32] (share illustrative)"),
      param_choice("cameras.placement", std::string("uniform"), {"uniform", "hubs"},
                   "uniform: cameras on a uniformly random set of cells; hubs: clustered around "
                   "city centres",
                   "[S32]"),
      whole("cameras.hubs", 4, 1, 1e6, "hubs", "number of city centres (placement = hubs)",
            kModelling),
      real("cameras.hub_spread", 5.0, 0.1, 1e6, "cells",
           "standard deviation of a camera's distance from its hub", kModelling),
      live("cameras.tpr", 0.9, 0, 1, "",
           "true positive rate: chance that DISSENT or ACTIVE on a covered cell is recorded",
           "modelling default, below a vendor's claim of 95% accuracy [S37] (level illustrative)"),
      live("cameras.fmr", 0.01, 0, 1, "",
           "false match rate: chance that a recorded event is attributed to another citizen of "
           "the same group",
           "[S43] (level illustrative)"),
      live("cameras.fmr_ambient", 0.001, 0, 1, "per tick",
           "chance that a covered QUIET citizen is recorded as DISSENT by a false alarm",
           kModelling),
      live("cameras.minority_fmr_factor", 10.0, 1, 1000, "",
           "false matches and false alarms for the minority are this many times as frequent",
           "[S43]: 10 to 100 times for some demographics"),
      live("cameras.deterrence", 0.5, 0, 1, "",
           "how much of a camera's recording chance a citizen adds to its perceived arrest "
           "risk (chilling): s = deterrence x tpr on a covered cell",
           "[S45] (level illustrative)"),
  };
  const auto never = static_cast<double>(kNever);
  m.columns = {
      state_column("cameras_last_active", ColumnType::kI32,
                   "tick of the last camera record of ACTIVE (an open warrant for policing)", never,
                   2147483647.0, never),
      state_column("cameras_last_seen", ColumnType::kI32,
                   "tick of the last camera location record (the adoption tick at first)", never,
                   2147483647.0),
      state_column("cameras_seen_cell", ColumnType::kU32,
                   "where the last camera record placed the citizen (home at first)", 0,
                   4294967295.0),
      scratch_column("cameras_camera", ColumnType::kU8, "1 on a cell with a camera",
                     ColumnScope::kCell),
  };
  m.columns[2].cell_index = true;
  m.results = {
      level("cameras_count", "cameras", "cameras installed"),
      flow("cameras_events", "events", "behaviour events recorded by cameras"),
      flow("cameras_misattributed", "events",
           "camera events attributed to the wrong citizen or to a quiet one"),
      flow("cameras_cost", "US$", "cameras x costs.camera / model.ticks_per_year"),
  };
  m.create = creator<Cameras>();
  return m;
}

}  // namespace panopticon::mechanisms
