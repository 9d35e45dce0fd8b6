// What both engines share (engine.hpp, jail.hpp, cop_schedule.hpp,
// arrest.hpp), and the rule every part of a model's state obeys: whatever
// a checkpoint saves, the state hash covers.
#include "panopticon/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "panopticon/cop_schedule.hpp"
#include "panopticon/jail.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"

namespace panopticon {
namespace {

TEST(SharedRules, ActivesInViewCountTheCitizenOnceOrTwice) {
  EXPECT_EQ(actives_in_view(3, false, SelfCount::kOnce), 4U);
  EXPECT_EQ(actives_in_view(3, true, SelfCount::kOnce), 4U);
  EXPECT_EQ(actives_in_view(3, true, SelfCount::kTwiceIfActive), 5U);
  EXPECT_EQ(actives_in_view(3, false, SelfCount::kTwiceIfActive), 4U);
}

TEST(SharedRules, JailTermsFollowTheRuleSetsRange) {
  const RandomStreams streams(3);
  Scenario below =
      parse_scenario("[jail]\nmax_term = 5\n[rules]\njail_term_range = \"below_max\"\n", "j.toml");
  Scenario up_to =
      parse_scenario("[jail]\nmax_term = 5\n[rules]\njail_term_range = \"up_to_max\"\n", "j.toml");
  std::set<std::int32_t> seen_below;
  std::set<std::int32_t> seen_up_to;
  for (std::uint32_t id = 0; id < 400; ++id) {
    seen_below.insert(draw_jail_term(streams, below, 7, id));
    seen_up_to.insert(draw_jail_term(streams, up_to, 7, id));
    EXPECT_EQ(draw_jail_term(streams, below, 7, id), draw_jail_term(streams, below, 7, id));
    EXPECT_GE(warrant_term(streams, below, 7, id), 1);
  }
  EXPECT_EQ(seen_below, (std::set<std::int32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(seen_up_to, (std::set<std::int32_t>{0, 1, 2, 3, 4, 5}));
  const Scenario life = parse_scenario("[jail]\nmax_term = \"inf\"\n", "j.toml");
  EXPECT_EQ(draw_jail_term(streams, life, 1, 1), kLifeTerm);
}

// A lattice of cells, some taken, for the cop schedule alone.
class FakeRoster final : public CopRoster {
 public:
  explicit FakeRoster(std::vector<bool> taken, std::vector<CellIndex> cops)
      : taken_(std::move(taken)), cops_(std::move(cops)) {}
  std::uint64_t size() override { return cops_.size(); }
  void withdraw(std::uint64_t i) override {
    taken_[cops_[i]] = false;
    cops_[i] = cops_.back();
    cops_.pop_back();
  }
  bool empty(CellIndex c) override { return !taken_[c]; }
  std::uint64_t empties() override {
    return static_cast<std::uint64_t>(std::count(taken_.begin(), taken_.end(), false));
  }
  CellIndex empty_at(std::uint64_t k) override {
    for (CellIndex c = 0; c < taken_.size(); ++c) {
      if (!taken_[c] && k-- == 0) return c;
    }
    return 0;
  }
  void post(CellIndex c) override {
    taken_[c] = true;
    cops_.push_back(c);
  }
  std::vector<bool> taken_;
  std::vector<CellIndex> cops_;
};

TEST(CopSchedule, ReachesItsTargetAndStopsWhenTheLatticeIsFull) {
  const RandomStreams streams(1);
  FakeRoster roster(std::vector<bool>(100, false), {});
  run_cop_schedule(roster, 30, 100, 5, streams);
  EXPECT_EQ(roster.size(), 30U);
  EXPECT_EQ(std::count(roster.taken_.begin(), roster.taken_.end(), true), 30);
  run_cop_schedule(roster, 10, 100, 6, streams);
  EXPECT_EQ(roster.size(), 10U);
  // The same tick and seed make the same choices.
  FakeRoster again(std::vector<bool>(100, false), {});
  run_cop_schedule(again, 30, 100, 5, streams);
  run_cop_schedule(again, 10, 100, 6, streams);
  EXPECT_EQ(again.cops_, roster.cops_);
  // Ninety-five cells taken: five more cops fit, the rest wait.
  std::vector<bool> full(100, true);
  for (int c = 0; c < 5; ++c) full[static_cast<std::size_t>(c * 17)] = false;
  FakeRoster crowded(full, {});
  run_cop_schedule(crowded, 40, 100, 2, streams);
  EXPECT_EQ(crowded.size(), 5U);
}

// Every saved value is hashed: a checkpoint with any one byte of the model's
// state changed is refused, or loads to a model with another state hash.
// Checked at bytes spread over the whole state, for both engines, with the
// layer and every mechanism on (the test tree's toy included), after a
// change from code.
TEST(StateHash, CoversEveryValueACheckpointHolds) {
  std::string all = "[dissent]\nenabled = true\n";
  for (const MechanismInfo& m : mechanism_registry()) all += "[" + m.name + "]\nenabled = true\n";
  for (const char* activation : {"random_sequential", "synchronous"}) {
    const Scenario s = parse_scenario(
        std::string("[model]\nsteps = 40\nseed = 4\nthreads = 1\nactivation = \"") + activation +
            "\"\n[lattice]\nwidth = 14\nheight = 12\n[citizens]\nvision = 2\n[cops]\nvision = 2\n"
            "[legitimacy]\ninitial = 0.6\n" +
            all,
        "h.toml");
    auto model = make_model(s);
    model->run(12);
    model->set_parameter("cameras.coverage", "0.5");
    model->run(3);
    const ModelSnapshot snap = model->snapshot();
    const std::uint64_t hash = model->state_hash();
    ASSERT_EQ(restore(snap)->state_hash(), hash);
    const std::size_t payload = snap.state.size() - 36;
    int loaded = 0;
    int refused = 0;
    for (std::size_t at = 0; at < payload; at += 1 + payload / 400) {
      ModelSnapshot bent = snap;
      bent.state[28 + at] ^= 0x10U;
      // Re-seal: the checksum would refuse every change otherwise.
      const std::uint64_t sum = fnv1a64(bent.state.data() + 28, payload);
      std::memcpy(bent.state.data() + 28 + payload, &sum, sizeof sum);
      try {
        const auto other = restore(bent);
        ++loaded;
        ASSERT_NE(other->state_hash(), hash)
            << activation << ": the byte at " << at << " of the state is saved but not hashed";
      } catch (const CheckpointError&) {
        ++refused;
      }
    }
    EXPECT_GT(loaded, 100) << activation;
    EXPECT_GT(refused, 0) << activation;
  }
}

}  // namespace
}  // namespace panopticon
