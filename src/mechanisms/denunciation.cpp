// denunciation: citizens informing on neighbours (mechanisms.md 2.7). A
// QUIET citizen that sees DISSENT or ACTIVE within vision reports one of them
// with probability p_report (1 - G / G_max); any QUIET citizen files a
// false report on a random neighbour with probability p_false. Reports are
// observation events; with social credit on, a report earns points.
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Denunciation final : public Mechanism {
 public:
  Denunciation(const Scenario& scenario, const Society& /*s*/)
      : p_(scenario, "denunciation."),
        p_report_(p_.real("p_report")),
        p_false_(p_.real("p_false")),
        reward_(static_cast<float>(p_.real("report_reward"))),
        stream_(find_mechanism("denunciation")->stream) {}

  void perceive(Society& s) override {
    if (p_report_ <= 0.0) return;
    for (float& w : s.watch) add_watch(w, p_report_);
  }

  void observe(Society& s) override {
    reports_ = 0;
    false_reports_ = 0;
    const auto tick = static_cast<std::uint32_t>(s.tick);
    double g_max = 0.0;
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.at_liberty(id)) g_max = std::max(g_max, s.grievance(id));
    }
    std::vector<std::uint32_t> seen;
    Draws sweep(s.streams, Purpose::kReport, tick, 0, stream_);
    for_each_picked(sweep, s.citizens, p_report_, [&](std::uint32_t id) {
      const double u = sweep.next_unit();
      if (s.state[id] != Behaviour::kQuiet) return;
      if (g_max > 0.0 && u >= 1.0 - s.grievance(id) / g_max) return;
      seen.clear();
      s.vision.for_each_cell(s.cell[id], [&](CellIndex c) {
        const std::uint32_t j = s.cell_citizen[c];
        if (j != kNobody && j != id &&
            (s.state[j] == Behaviour::kDissent || s.state[j] == Behaviour::kActive)) {
          seen.push_back(j);
        }
      });
      if (seen.empty()) return;
      const std::uint32_t target = seen[sweep.next_below(static_cast<std::uint32_t>(seen.size()))];
      s.record(ObservationEvent{target, static_cast<std::int32_t>(s.tick), s.state[target],
                                Channel::kDenunciation, false, 0});
      s.credit_bonus[id] += reward_;
      ++reports_;
    });
    Draws lies(s.streams, Purpose::kReport, tick, 1, stream_);
    const auto span = static_cast<std::uint32_t>(s.vision.size());
    for_each_picked(lies, s.citizens, p_false_, [&](std::uint32_t id) {
      const std::uint32_t k = span == 0 ? 0 : lies.next_below(span);
      if (s.state[id] != Behaviour::kQuiet || span == 0) return;
      const std::uint32_t target = s.cell_citizen[s.vision.cell_at(s.cell[id], k)];
      if (target == kNobody || target == id || !s.at_liberty(target)) return;
      const bool did = s.state[target] == Behaviour::kDissent;
      s.record(ObservationEvent{target, static_cast<std::int32_t>(s.tick), Behaviour::kDissent,
                                Channel::kDenunciation, !did, 0});
      ++false_reports_;
    });
  }

  void record(const Society& /*s*/, std::span<double> out) const override {
    out[0] = static_cast<double>(reports_);
    out[1] = static_cast<double>(false_reports_);
  }

 private:
  Params p_;
  double p_report_;
  double p_false_;
  float reward_;
  std::uint16_t stream_;
  std::uint64_t reports_ = 0;
  std::uint64_t false_reports_ = 0;
};

}  // namespace

MechanismInfo denunciation() {
  MechanismInfo m;
  m.name = "denunciation";
  m.title = "citizens informing on neighbours, truly and falsely";
  m.phases = "perceive, observe";
  m.parameters = {
      enabled("denunciation", "denunciation"),
      real("denunciation.p_report", 0.05, 0, 1, "per tick",
           "chance that a QUIET citizen with no grievance reports a DISSENT or ACTIVE it sees; "
           "scaled by 1 - G / G_max",
           "[S19] (informants' reports; level illustrative)"),
      real("denunciation.p_false", 0.001, 0, 1, "per tick",
           "chance that a QUIET citizen files a false report of DISSENT on a random cell of its "
           "vision (no report when nobody is there)",
           kModelling),
      real("denunciation.report_reward", 5, 0, 1e9, "points",
           "social credit points a report earns (with social_credit on)", "[S17] (level "
           "illustrative)"),
  };
  m.results = {
      flow("denunciation_reports", "reports", "true reports filed"),
      flow("denunciation_false_reports", "reports", "false reports filed"),
  };
  m.create = [](const Scenario& sc, Society& so) {
    return std::make_unique<Denunciation>(sc, so);
  };
  return m;
}

}  // namespace panopticon::mechanisms
