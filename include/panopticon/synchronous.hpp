#pragma once
// Synchronous activation: every agent acts on the state left by the
// previous phase, all at once, on every core. Conflicts (two movers wanting
// one empty cell, two cops wanting one suspect) go to the lowest random
// key, so the result is the same for any number of threads. Phases of a
// tick (docs/MODEL.md, "Synchronous activation"):
//   1. tick += 1; L = legitimacy(tick); cops added or removed per schedule;
//   2. act: cop and active counts from row prefix sums of the lattice;
//      every citizen decides (rule A); every cop picks an active in vision
//      and claims it; winners arrest (rule C);
//   3. move: every mover proposes a random empty cell in vision and claims
//      it; winners move (rule M). Under rules.order = move_then_act, 3 runs
//      before 2;
//   4. jail terms count down; released prisoners return to their cell when
//      it is empty (they wait in jail otherwise);
//   5. the tick's counts are recorded.
//
// Storage is by cell, not by agent: an agent's attributes live in the cell
// it stands on and travel with it, so every phase streams the lattice in
// order instead of chasing agents at random (at 10^8 agents the difference
// is an order of magnitude). An agent keeps its id, which keys its random
// draws. Prisoners that do not block their cell leave the lattice for a
// list and come back on release.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "panopticon/arrest.hpp"
#include "panopticon/compliance.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/huge_page_allocator.hpp"
#include "panopticon/lattice.hpp"
#include "panopticon/model.hpp"
#include "panopticon/model_core.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/random.hpp"

namespace panopticon {

class SynchronousSimulation final : public Model, private ModelCore, private EngineAccess {
 public:
  explicit SynchronousSimulation(const Scenario& scenario);
  SynchronousSimulation(const Scenario& scenario, CheckpointReader& in);

  void step() override;
  std::int64_t tick() const override { return tick_; }
  const TickCounts& counts() const override { return counts_; }
  std::uint64_t citizen_count() const override { return citizens_; }
  const Scenario& scenario() const override { return scenario_; }
  void save(CheckpointWriter& out) const override;
  std::uint64_t state_hash() const override;
  int threads() const { return threads_; }
  const Compliance* compliance() const override { return compliance_.get(); }

  // What lives on a cell.
  enum Code : std::uint8_t {
    kEmpty = 0,
    kQuiet = 1,   // a citizen at liberty, quiet
    kActive = 2,  // a citizen at liberty, active
    kCop = 3,
    kPrisoner = 4,  // a prisoner that blocks its cell (rules.jailed_block_cell)
  };
  const BigVector<std::uint8_t>& codes() const { return code_; }

 private:
  struct Occupant {    // the agent on a cell, moved with it; 16 bytes
    std::uint32_t id;  // citizens 0 .., cops after; keys its random draws
    float hardship;
    float risk_aversion;
    std::int32_t term;  // jail term left of a kPrisoner
  };
  struct Prisoner {  // off the lattice; 20 bytes
    std::uint32_t id;
    CellIndex cell;  // where it was arrested, and returns to
    float hardship;
    float risk_aversion;
    std::int32_t term;
  };

  // EngineAccess, for the compliance layer.
  void export_citizens(std::span<CellIndex> cell, std::span<std::uint8_t> confined) const override;
  void export_traits(std::span<float> hardship, std::span<float> risk) const override;
  void export_cops(std::vector<CellIndex>& cells) const override;
  bool confine(std::uint32_t id, CellIndex cell, std::int32_t term, bool arrest) override;
  std::int32_t jail_term_for(std::uint32_t id) const override;
  void start_compliance();
  // Rule A under the compliance layer (Compliance::decide).
  void decide_with_layer(CellIndex c);

  struct EmptyLattice {};
  SynchronousSimulation(const Scenario& scenario, EmptyLattice tag);
  void place();
  void adjust_cops();
  void act_phase();
  void move_phase();
  // The cell agent c proposes to move to, or kNoTarget.
  static constexpr CellIndex kNoTarget = ~CellIndex{0};
  CellIndex propose_move(CellIndex c, const std::array<std::uint32_t, 4>& first_block);
  void countdown_phase();
  void build_prefix_sums();
  // A vision shape with its prefix-sum offsets for cells away from the edges.
  struct Disk {
    const Neighbourhood* shape = nullptr;
    int reach = 0;
    std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> interior;  // (lo, hi) per row
  };
  Disk make_disk(const Neighbourhood& shape) const;
  std::uint32_t count_in(const Disk& disk, CellIndex c) const;
  std::uint32_t count_in_row(const Neighbourhood::Run& run, int x, int y) const;
  void decide(CellIndex c);
  bool claim(CellIndex cell, std::uint64_t key);
  void move_agent(CellIndex from, CellIndex to);
  std::int32_t draw_jail_term(std::uint32_t id) const;
  void count();

  Scenario scenario_;
  int threads_;
  Disk citizen_disk_;
  Disk cop_disk_;

  // Per cell (bytes per cell in comments).
  BigVector<std::uint8_t> code_;  // 1: Code
  BigVector<Occupant> agent_;     // 16: who stands there
  // Off-lattice prisoners, in arrest order. A deque grows by small blocks,
  // not by doubling, so a quarter of 10^7 agents in jail costs 20 bytes each
  // rather than up to 40.
  std::deque<Prisoner> prisoners_;
  // Per-tick scratch.
  BigVector<std::uint32_t> prefix_;  // 4: (width + 1) per row; cops | actives << 16
  BigVector<std::uint64_t> claim_;   // 8: lowest key claiming the cell

  std::uint64_t citizens_ = 0;
  std::uint64_t initial_cops_ = 0;
  std::uint32_t next_id_ = 0;
  std::uint64_t arrests_this_tick_ = 0;
  std::int64_t tick_ = 0;
  double legitimacy_ = 0.0;
  TickCounts counts_;
  std::unique_ptr<Compliance> compliance_;  // null: plain Model I
};

}  // namespace panopticon
