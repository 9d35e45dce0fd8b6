// telecom: monitored communications on the citizens' social network
// (mechanisms.md 2.3). Dissent spoken on the network lowers contacts'
// perceived legitimacy (information cascades [S46]); a monitored share of
// traffic records it (Ethiopia's monopoly operator [S33]); when unrest
// passes a threshold the network is cut for a while, at a hardship cost.
#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

// What telecom monitoring draws for, in its own stream.
enum class Draw : std::uint16_t {
  kObserve = 11,  // whose DISSENT monitored traffic reveals
};

class Telecom final : public Mechanism {
 public:
  explicit Telecom(const MechanismContext& c)
      : p_(c.society, c.info.name),
        contagion_p_(p_.number("contagion")),
        monitored_p_(p_.number("monitored")),
        detect_p_(p_.number("detect")),
        shutdown_at_p_(p_.number("shutdown_at")),
        shutdown_hardship_p_(p_.number("shutdown_hardship")),
        link_cost_p_(c.society.live.number("costs.monitored_link")),
        shutdown_ticks_(p_.whole("shutdown_ticks")),
        stream_(c.stream),
        events_slot_(c.result("events")),
        down_slot_(c.result("down")),
        links_slot_(c.result("monitored_links")),
        contagion_slot_(c.result("contagion")),
        cost_slot_(c.result("cost")) {}

  bool down() const { return shutdown_left_ > 0; }

  void tune(Society& s, EngineAccess& /*engine*/) override {
    contagion_ = contagion_p_.at(s.tick);
    monitored_ = monitored_p_.at(s.tick);
    detect_ = monitored_ * detect_p_.at(s.tick);
    shutdown_at_ = shutdown_at_p_.at(s.tick);
    shutdown_hardship_ = static_cast<float>(shutdown_hardship_p_.at(s.tick));
    link_cost_ = link_cost_p_.at(s.tick) / s.ticks_per_year;
  }

  // The network is up or down for a whole tick: decided as the tick starts,
  // from the unrest the previous tick left.
  void perceive(Society& s) override {
    if (shutdown_left_ > 0) --shutdown_left_;  // a tick of the shutdown has passed
    if (!down() && static_cast<double>(s.active_count) > shutdown_at_ * s.citizens) {
      shutdown_left_ = shutdown_ticks_;
    }
    if (down()) return;
    s.contacts_on_record = monitored_;  // the links in the traffic it reads
    if (detect_ <= 0.0) return;
    add_watch(s.watch, detect_);
  }

  void observe(Society& s) override {
    events_ = 0;
    if (down()) return;
    Draws sweep(stream_, Draw::kObserve, static_cast<std::uint32_t>(s.tick), 0);
    for_each_picked(sweep, s.citizens, detect_, [&](std::uint32_t id) {
      if (s.state[id] != AgentState::kDissent) return;
      s.record(ObservationEvent{id, static_cast<std::int32_t>(s.tick), AgentState::kDissent,
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
    count_speaking_contacts(s);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (speaking_contacts_[id] == 0) continue;
      const double drop =
          contagion_ * speaking_contacts_[id] / static_cast<double>(s.network.contacts(id).size());
      s.legitimacy_now[id] -= static_cast<float>(drop);
      contagion_total_ += drop;
    }
  }

  // The hardship of a shutdown and the contagion of the last tick end with
  // it. (It stops as a tick begins, before anything has changed since.)
  void stop(Society& s, EngineAccess& /*engine*/) override {
    if (down()) {
      for (std::uint32_t id = 0; id < s.citizens; ++id) {
        s.hardship_delta[id] -= shutdown_hardship_;
        s.sanction_hardship[id] -= shutdown_hardship_;
      }
      return;
    }
    if (contagion_ <= 0.0) return;
    count_speaking_contacts(s);  // the speakers are those of the last sanction
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (speaking_contacts_[id] == 0) continue;
      const double drop =
          contagion_ * speaking_contacts_[id] / static_cast<double>(s.network.contacts(id).size());
      s.legitimacy_now[id] += static_cast<float>(drop);
    }
  }

  void record(const Society& s, const ResultRow& row) const override {
    const double links = down() ? 0.0 : monitored_ * static_cast<double>(s.network.links());
    row.set(events_slot_, static_cast<double>(events_));
    row.set(down_slot_, down() ? 1.0 : 0.0);
    row.set(links_slot_, links);
    row.set(contagion_slot_, contagion_total_ / std::max<double>(1.0, s.citizens));
    row.set(cost_slot_, links * link_cost_);
  }

  void walk_state(StateArchive& archive) override {
    archive.value("the telecom shutdown", shutdown_left_);
    archive.require(shutdown_left_ >= 0 && shutdown_left_ <= shutdown_ticks_,
                    "holds an impossible telecom shutdown");
  }

 private:
  // Speakers tell their contacts: a pass over the speakers' contact lists
  // (speakers are a minority of citizens).
  void count_speaking_contacts(const Society& s) {
    speaking_contacts_.assign(s.citizens, 0);
    for (std::uint32_t id = 0; id < s.citizens; ++id) {
      if (s.state[id] != AgentState::kDissent && s.state[id] != AgentState::kActive) continue;
      for (const std::uint32_t j : s.network.contacts(id)) ++speaking_contacts_[j];
    }
  }

  Params p_;
  LiveParameters::Number contagion_p_;
  LiveParameters::Number monitored_p_;
  LiveParameters::Number detect_p_;
  LiveParameters::Number shutdown_at_p_;
  LiveParameters::Number shutdown_hardship_p_;
  LiveParameters::Number link_cost_p_;
  std::int64_t shutdown_ticks_;
  RandomStream stream_;
  ResultSlot events_slot_;
  ResultSlot down_slot_;
  ResultSlot links_slot_;
  ResultSlot contagion_slot_;
  ResultSlot cost_slot_;
  double contagion_ = 0.0;
  double monitored_ = 0.0;
  double detect_ = 0.0;  // monitored x detect: the chance a DISSENT is recorded per tick
  double shutdown_at_ = 1.0;
  float shutdown_hardship_ = 0.0F;
  double link_cost_ = 0.0;
  std::int64_t shutdown_left_ = 0;
  std::vector<std::uint16_t> speaking_contacts_;  // scratch, 2 bytes per citizen
  std::uint64_t events_ = 0;
  double contagion_total_ = 0.0;
};

}  // namespace

PANOPTICON_MECHANISM(telecom, 300) {
  MechanismInfo m;
  m.title = "monitored communications, contagion and shutdowns";
  m.phases = kPerceive | kObserve | kSanction;
  m.needs_network = true;
  m.parameters = {
      enabled("telecom", "telecom monitoring"),
      live("telecom.contagion", 0.05, 0, 1, "",
           "a citizen's perceived legitimacy falls by contagion x the share of its contacts in "
           "DISSENT or ACTIVE, while the network is up (recomputed every tick)",
           "[S46] (level illustrative)"),
      live("telecom.monitored", 0.5, 0, 1, "share", "share of traffic that is read",
           "[S33]: 'virtually every' call and SMS (level illustrative)"),
      live("telecom.detect", 0.5, 0, 1, "",
           "chance that read traffic of a DISSENT citizen reveals it; a DISSENT is recorded with "
           "probability monitored x detect per tick",
           kModelling),
      live("telecom.shutdown_at", 0.05, 0, 1, "share of citizens",
           "the network is cut when more than this share of citizens is ACTIVE (1: never)",
           "modelling default ([S33] reports networks cut during protests; it gives no "
           "threshold)"),
      whole("telecom.shutdown_ticks", 10, 0, 1e9, "ticks", "how long a shutdown lasts", kModelling),
      live("telecom.shutdown_hardship", 0.1, 0, 1, "",
           "hardship every citizen bears while the network is cut", kModelling),
  };
  m.results = {
      flow("telecom_events", "events", "DISSENT recorded on monitored traffic"),
      level("telecom_down", "", "1 while the network is cut, else 0"),
      level("telecom_monitored_links", "links", "network links under monitoring"),
      level("telecom_contagion", "", "mean fall of perceived legitimacy from contagion"),
      flow("telecom_cost", "US$", "monitored links x costs.monitored_link / model.ticks_per_year"),
  };
  m.create = creator<Telecom>();
  return m;
}

}  // namespace panopticon::mechanisms
