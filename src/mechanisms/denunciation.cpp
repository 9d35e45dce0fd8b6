// denunciation: citizens informing on neighbours (mechanisms.md 2.7). A
// QUIET citizen that sees DISSENT or ACTIVE within vision reports one of them
// with probability p_report (1 - G / G_max); any QUIET citizen files a
// false report on a random neighbour with probability p_false. Reports are
// observation events; with social credit on, a report earns points.
#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What denunciation draws for, in its own stream.
enum class Draw : std::uint16_t {
  kReport = 14,        // who reports, truly (slot 0) or falsely (slot 1)
  kReportTarget = 19,  // whom a true report names
};

class Denunciation final : public Mechanism {
 public:
  explicit Denunciation(const MechanismContext& c)
      : p_(c.society, c.info.name),
        p_report_p_(p_.number("p_report")),
        p_false_p_(p_.number("p_false")),
        reward_p_(p_.number("report_reward")),
        stream_(c.stream),
        credit_(c.society.columns.get<float>("denunciation_reward")),
        reports_slot_(c.result("reports")),
        false_reports_slot_(c.result("false_reports")),
        cost_slot_(c.result("cost")),
        unit_cost_(c.society.live.number("costs.report")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override {
    p_report_ = p_report_p_.at(s.tick);
    p_false_ = p_false_p_.at(s.tick);
    reward_ = static_cast<float>(reward_p_.at(s.tick));
  }

  void perceive(Society& s) override {
    if (p_report_ <= 0.0) return;
    add_watch(s.watch, p_report_);
  }

  void observe(Society& s) override {
    reports_ = 0;
    false_reports_ = 0;
    credit_.fill(0.0F);  // this tick's rewards; social credit reads them as it scores
    const auto tick = static_cast<std::uint32_t>(s.tick);
    // G_max as the last tick ended (Compliance keeps it): the greatest
    // grievance among citizens at liberty.
    const double g_max = s.max_grievance;
    // The index of speakers is built for the tick's first reporter, if any
    // (it draws nothing, and nothing it reads changes during the sweep).
    bool indexed = false;
    Draws sweep(stream_, Draw::kReport, tick, 0);
    for_each_picked(sweep, s.citizens, p_report_, [&](std::uint32_t id) {
      const double u = sweep.next_unit();
      if (s.state[id] != AgentState::kQuiet) return;
      if (g_max > 0.0 && u >= 1.0 - s.grievance(id) / g_max) return;
      // The target from the reporter's own draws: the sweep's draws stay the
      // same whoever reports, so paired runs share them.
      Draws pick(stream_, Draw::kReportTarget, tick, id);
      if (!indexed && s.vision.runs_are_rows()) {
        index_speakers(s);
        indexed = true;
      }
      const std::uint32_t target = pick_speaker(s, s.cell[id], pick);
      if (target == kNobody) return;
      s.record(ObservationEvent{target, static_cast<std::int32_t>(s.tick), s.state[target],
                                Channel::kDenunciation, false, 0});
      credit_[id] += reward_;
      ++reports_;
    });
    Draws lies(stream_, Draw::kReport, tick, 1);
    const auto span = static_cast<std::uint32_t>(s.vision.size());
    for_each_picked(lies, s.citizens, p_false_, [&](std::uint32_t id) {
      const std::uint32_t k = span == 0 ? 0 : lies.next_below(span);
      if (s.state[id] != AgentState::kQuiet || span == 0) return;
      const std::uint32_t target = s.cell_citizen[s.vision.cell_at(s.cell[id], k)];
      if (target == kNobody || target == id || !s.at_liberty(target)) return;
      const bool did = s.state[target] == AgentState::kDissent;
      s.record(ObservationEvent{target, static_cast<std::int32_t>(s.tick), AgentState::kDissent,
                                Channel::kDenunciation, !did, 0});
      ++false_reports_;
    });
  }

  // Row prefix sums of speakers (citizens at liberty in DISSENT or ACTIVE):
  // a reporter counts those in its vision with two reads per row of the
  // disk instead of visiting every cell.
  void index_speakers(const Society& s) {
    const std::uint32_t w = s.torus.width();
    const std::uint32_t h = s.torus.height();
    prefix_.resize(static_cast<std::size_t>(w + 1) * h);
    for (std::uint32_t y = 0; y < h; ++y) {
      std::uint32_t* row = &prefix_[static_cast<std::size_t>(y) * (w + 1)];
      std::uint32_t sum = 0;
      row[0] = 0;
      for (std::uint32_t x = 0; x < w; ++x) {
        sum += speaking(s, s.cell_citizen[y * w + x]) ? 1U : 0U;
        row[x + 1] = sum;
      }
    }
  }

  static bool speaking(const Society& s, std::uint32_t id) {
    return id != kNobody &&
           (s.state[id] == AgentState::kDissent || s.state[id] == AgentState::kActive);
  }

  // A uniformly random speaker in the vision around `centre` (the reporter,
  // quiet, is never one), or kNobody.
  std::uint32_t pick_speaker(const Society& s, CellIndex centre, Draws& draws) const {
    if (!s.vision.runs_are_rows()) {  // a vision wider than the lattice: visit the cells
      std::vector<std::uint32_t> seen;
      s.vision.for_each_cell(centre, [&](CellIndex c) {
        if (speaking(s, s.cell_citizen[c])) seen.push_back(s.cell_citizen[c]);
      });
      if (seen.empty()) return kNobody;
      return seen[draws.next_below(static_cast<std::uint32_t>(seen.size()))];
    }
    const auto w = static_cast<int>(s.torus.width());
    const auto h = static_cast<int>(s.torus.height());
    const int x = static_cast<int>(s.torus.x_of(centre));
    const int y = static_cast<int>(s.torus.y_of(centre));
    auto row_count = [&](const Neighbourhood::Run& run, int* row_y) {
      int r = y + run.dy;
      r += r < 0 ? h : 0;
      r -= r >= h ? h : 0;
      *row_y = r;
      return row_run_sum(&prefix_[static_cast<std::size_t>(r) * (w + 1)], w, x, run.half_width);
    };
    std::uint32_t total = 0;
    int ignored = 0;
    for (const Neighbourhood::Run& run : s.vision.runs()) total += row_count(run, &ignored);
    if (total == 0) return kNobody;
    std::uint32_t pick = draws.next_below(total);
    for (const Neighbourhood::Run& run : s.vision.runs()) {
      int r = 0;
      const std::uint32_t in_row = row_count(run, &r);
      if (pick >= in_row) {
        pick -= in_row;
        continue;
      }
      for (int dx = -run.half_width; dx <= run.half_width; ++dx) {
        const auto cx = static_cast<std::uint32_t>(((x + dx) % w + w) % w);
        const std::uint32_t id =
            s.cell_citizen[static_cast<std::uint32_t>(r) * s.torus.width() + cx];
        if (speaking(s, id) && pick-- == 0) return id;
      }
    }
    return kNobody;
  }

  void record(const Society& s, const ResultRow& row) const override {
    row.set(reports_slot_, static_cast<double>(reports_));
    row.set(false_reports_slot_, static_cast<double>(false_reports_));
    row.set(cost_slot_, static_cast<double>(reports_ + false_reports_) * unit_cost_.at(s.tick));
  }

 private:
  Params p_;
  LiveParameters::Number p_report_p_;
  LiveParameters::Number p_false_p_;
  LiveParameters::Number reward_p_;
  RandomStream stream_;
  Column<float> credit_;  // social credit points each citizen's reports earned this tick
  ResultSlot reports_slot_;
  ResultSlot false_reports_slot_;
  ResultSlot cost_slot_;
  LiveParameters::Number unit_cost_;
  double p_report_ = 0.0;
  double p_false_ = 0.0;
  float reward_ = 0.0F;
  std::vector<std::uint32_t> prefix_;  // per tick: (width + 1) per row
  std::uint64_t reports_ = 0;
  std::uint64_t false_reports_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(denunciation, 700) {
  MechanismInfo m;
  m.title = "citizens informing on neighbours, truly and falsely";
  m.phases = kPerceive | kObserve;
  m.parameters = {
      enabled("denunciation", "denunciation"),
      live("denunciation.p_report", 0.05, 0, 1, "per tick",
           "chance that a QUIET citizen with no grievance reports a DISSENT or ACTIVE it sees; "
           "scaled by 1 - G / G_max",
           "[S19] (informants' reports; level illustrative)"),
      live("denunciation.p_false", 0.001, 0, 1, "per tick",
           "chance that a QUIET citizen files a false report of DISSENT on a random cell of its "
           "vision (no report when nobody is there)",
           kModelling),
      live("denunciation.report_reward", 5, 0, 1e9, "points",
           "social credit points a report earns (with social_credit on)",
           "[S17] (level "
           "illustrative)"),
  };
  m.columns = {
      state_column("denunciation_reward", ColumnType::kF32,
                   "social credit points the citizen's reports earned this tick", 0, 3.4e38),
  };
  m.results = {
      flow("denunciation_reports", "reports", "true reports filed"),
      flow("denunciation_false_reports", "reports", "false reports filed"),
      flow("denunciation_cost", "US$", "reports, true and false, x costs.report"),
  };
  m.create = creator<Denunciation>();
  return m;
}

}  // namespace panopticon::mechanisms
