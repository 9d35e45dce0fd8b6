// toy: a mechanism that lives only in the test tree, registered the same way
// as those of src/mechanisms/ (the test build generates its registry from
// both directories). It shows that adding a mechanism is its file alone,
// and that one more mechanism, placed among the others (order 150, between
// policing and cameras), changes no other mechanism's numbers: it only
// watches (a leaflet that reaches citizens at liberty at random, from its own
// stream) and writes nothing but its own column and results.
#include "kit.hpp"

namespace panopticon::mechanisms {

namespace {

enum class Draw : std::uint16_t {
  kReach = 1,  // who a leaflet reaches
};

class Toy final : public Mechanism {
 public:
  explicit Toy(const MechanismContext& c)
      : p_(c.society, c.info.name),
        reach_p_(p_.number("reach")),
        stream_(c.stream),
        reached_(c.society.columns.get<std::uint32_t>("toy_reached")),
        reached_slot_(c.result("reached")),
        ever_slot_(c.result("ever_reached")) {}

  void tune(Society& s, EngineAccess& /*engine*/) override { reach_ = reach_p_.at(s.tick); }

  void sanction(Society& s) override {
    reached_now_ = 0;
    Draws sweep(stream_, Draw::kReach, static_cast<std::uint32_t>(s.tick), 0);
    for_each_picked(sweep, s.citizens, reach_, [&](std::uint32_t id) {
      if (!s.at_liberty(id)) return;
      if (reached_[id]++ == 0) ++ever_;
      ++reached_now_;
    });
  }

  void record(const Society& /*s*/, const ResultRow& row) const override {
    row.set(reached_slot_, static_cast<double>(reached_now_));
    row.set(ever_slot_, static_cast<double>(ever_));
  }

  void walk_state(StateArchive& archive) override {
    archive.value("the toy's count of citizens ever reached", ever_);
    archive.require(ever_ <= reached_.size(), "holds more citizens reached than citizens");
  }

 private:
  Params p_;
  LiveParameters::Number reach_p_;
  RandomStream stream_;
  Column<std::uint32_t> reached_;
  ResultSlot reached_slot_;
  ResultSlot ever_slot_;
  double reach_ = 0.0;
  std::uint64_t reached_now_ = 0;
  std::uint64_t ever_ = 0;
};

}  // namespace

PANOPTICON_MECHANISM(toy, 150) {
  MechanismInfo m;
  m.title = "a test-tree mechanism that only watches (leaflets reaching citizens)";
  m.phases = kSanction;
  m.parameters = {
      enabled("toy", "the toy mechanism"),
      live("toy.reach", 0.1, 0, 1, "per tick", "share of citizens a leaflet reaches each tick",
           kModelling),
  };
  m.columns = {
      state_column("toy_reached", ColumnType::kU32, "leaflets that reached the citizen", 0,
                   4294967295.0),
  };
  m.results = {
      flow("toy_reached", "citizens", "citizens at liberty a leaflet reached this tick"),
      level("toy_ever_reached", "citizens", "citizens a leaflet has ever reached"),
  };
  m.create = creator<Toy>();
  return m;
}

}  // namespace panopticon::mechanisms
