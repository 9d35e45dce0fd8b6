// telecom: monitored communications on the citizens' social network
// (mechanisms.md 2.3). Dissent spoken on the network lowers contacts'
// perceived legitimacy (information cascades [S46]); a monitored share of
// traffic records it (Ethiopia's monopoly operator [S33]); when unrest
// passes a threshold the network is cut for a while, at a hardship cost.
#include "kit.hpp"
#include "registry.hpp"

namespace panopticon::mechanisms {

namespace {

class Telecom final : public Mechanism {
 public:
  Telecom(const Scenario& scenario, const Society& /*society*/, const MechanismInfo& info)
      : p_(scenario, info.name + "."),
        contagion_(p_.real("contagion")),
        detect_(p_.real("monitored") * p_.real("detect")),
        shutdown_at_(p_.real("shutdown_at")),
        shutdown_ticks_(p_.whole("shutdown_ticks")),
        shutdown_hardship_(static_cast<float>(p_.real("shutdown_hardship"))),
        link_cost_(scenario.params.get_float("costs.monitored_link")),
        monitored_(p_.real("monitored")),
        stream_(info.stream) {}

  bool down() const { return shutdown_left_ > 0; }

  // The network is up or down for a whole tick: decided as the tick starts,
  // from the unrest the previous tick left.
  void perceive(Society& s) override {
    if (shutdown_left_ > 0) --shutdown_left_;  // a tick of the shutdown has passed
    if (!down() && static_cast<double>(s.active_count) > shutdown_at_ * s.citizens) {
      shutdown_left_ = shutdown_ticks_;
    }
    if (down() || detect_ <= 0.0) return;
    add_watch(s.watch, detect_);
  }

  void observe(Society& s) override {
    events_ = 0;
    if (down()) return;
    Draws sweep(s.streams, Purpose::kObserve, static_cast<std::uint32_t>(s.tick), 0, stream_);
    for_each_picked(sweep, s.citizens, detect_, [&](std::uint32_t id) {
      if (s.state[id] != Behaviour::kDissent) return;
      s.record(ObservationEvent{id, static_cast<std::int32_t>(s.tick), Behaviour::kDissent,
                                Channel::kTelecom, false, 0});
      ++events_;
    });
  }

  void sanction(Society& s) override {
    contagion_total_ = 0.0;
    if (down()) {
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        s.hardship_delta[id] += shutdown_hardship_;
        s.sanction_hardship[id] += shutdown_hardship_;
      }
      return;
    }
    if (contagion_ <= 0.0) return;
    // Speakers tell their contacts: a pass over the speakers' contact lists,
    // then one over the citizens (speakers are a minority of citizens).
    speaking_contacts_.assign(s.citizens, 0);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.state[id] != Behaviour::kDissent && s.state[id] != Behaviour::kActive) continue;
      for (const std::uint32_t j : s.network.contacts(id)) ++speaking_contacts_[j];
    }
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (speaking_contacts_[id] == 0) continue;
      const double drop =
          contagion_ * speaking_contacts_[id] / static_cast<double>(s.network.contacts(id).size());
      s.legitimacy_now[id] -= static_cast<float>(drop);
      contagion_total_ += drop;
    }
  }

  void record(const Society& s, std::span<double> out) const override {
    const double links = down() ? 0.0 : monitored_ * static_cast<double>(s.network.links());
    out[0] = static_cast<double>(events_);
    out[1] = down() ? 1.0 : 0.0;
    out[2] = links;
    out[3] = contagion_total_ / std::max<double>(1.0, s.citizens);
    out[4] = links * link_cost_;
  }

  void save(CheckpointWriter& out) const override { out.put<std::int64_t>(shutdown_left_); }
  void load(CheckpointReader& in) override {
    shutdown_left_ = in.get<std::int64_t>("the telecom shutdown");
    if (shutdown_left_ < 0 || shutdown_left_ > shutdown_ticks_) {
      in.fail("holds an impossible telecom shutdown");
    }
  }

 private:
  Params p_;
  double contagion_;
  double detect_;
  double shutdown_at_;
  std::int64_t shutdown_ticks_;
  float shutdown_hardship_;
  double link_cost_;
  double monitored_;
  std::uint16_t stream_;
  std::int64_t shutdown_left_ = 0;
  std::vector<std::uint16_t> speaking_contacts_;  // scratch, 2 bytes per citizen
  std::uint64_t events_ = 0;
  double contagion_total_ = 0.0;
};

}  // namespace

MechanismInfo telecom() {
  MechanismInfo m;
  m.name = "telecom";
  m.title = "monitored communications, contagion and shutdowns";
  m.phases = "perceive, observe, sanction";
  m.needs_network = true;
  m.parameters = {
      enabled("telecom", "telecom monitoring"),
      real("telecom.contagion", 0.05, 0, 1, "",
           "a citizen's perceived legitimacy falls by contagion x the share of its contacts in "
           "DISSENT or ACTIVE, while the network is up (recomputed every tick)",
           "[S46] (level illustrative)"),
      real("telecom.monitored", 0.5, 0, 1, "share", "share of traffic that is read",
           "[S33]: 'virtually every' call and SMS (level illustrative)"),
      real("telecom.detect", 0.5, 0, 1, "",
           "chance that read traffic of a DISSENT citizen reveals it; a DISSENT is recorded with "
           "probability monitored x detect per tick",
           kModelling),
      real("telecom.shutdown_at", 0.05, 0, 1, "share of citizens",
           "the network is cut when more than this share of citizens is ACTIVE (1: never)",
           "[S33]: networks cut during protests"),
      whole("telecom.shutdown_ticks", 10, 0, 1e9, "ticks", "how long a shutdown lasts", kModelling),
      real("telecom.shutdown_hardship", 0.1, 0, 1, "",
           "hardship every citizen bears while the network is cut", kModelling),
  };
  m.results = {
      flow("telecom_events", "events", "DISSENT recorded on monitored traffic"),
      level("telecom_down", "", "1 while the network is cut, else 0"),
      level("telecom_monitored_links", "links", "network links under monitoring"),
      level("telecom_contagion", "", "mean fall of perceived legitimacy from contagion"),
      flow("telecom_cost", "cost units", "monitored links x costs.monitored_link"),
  };
  m.create = creator<Telecom>();
  return m;
}

}  // namespace panopticon::mechanisms
