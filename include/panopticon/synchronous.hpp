#pragma once
// Synchronous activation: every agent acts on the state left by the
// previous phase, all at once, on every core. Conflicts (two movers wanting
// one empty cell, two cops wanting one suspect) go to the lowest random
// key, so the result is the same for any number of threads. The engine's
// part of a tick (engine.hpp states the whole tick; docs/MODEL.md,
// "Synchronous activation"):
//   1. act: citizens' counts of cops and actives from row prefix sums of
//      the lattice (kept per thread, for the rows around the band of rows
//      it walks); every citizen decides (rule A); every cop reads the
//      actives of its own disk (run_masks.hpp), picks one and claims it;
//      winners arrest (rule C);
//   2. move: every mover proposes a random empty cell in vision and claims
//      it; winners move (rule M). Under rules.order = move_then_act, 2 runs
//      before 1;
//   3. jail terms count down; released prisoners return to their cell when
//      it is empty (they wait in jail otherwise).
//
// Storage is by cell, not by agent: an agent's attributes live in the cell
// it stands on and travel with it, so every phase streams the lattice in
// order instead of chasing agents at random (at 10^8 agents the difference
// is an order of magnitude). An agent keeps its id, which keys its random
// draws. Prisoners that do not block their cell leave the lattice for a
// list and come back on release.
//
// The code is split along these concepts: src/core/synchronous/engine.cpp
// (set-up, state, what the layer and the query API ask), act.cpp, move.cpp
// and countdown.cpp (the phases), band_sums.hpp (row prefix sums and row
// views), claims.hpp (claim keys), strip.cpp (one strip of a simulation
// split across MPI ranks, reached only through StripAccess).
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "panopticon/arrest.hpp"
#include "panopticon/compliance.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/huge_page_allocator.hpp"
#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/placement.hpp"
#include "panopticon/random.hpp"

namespace panopticon {

class StripAccess;

// The rows of a larger lattice that one engine holds when a simulation is
// split into horizontal strips across processes (distributed.hpp): its own
// rows, plus halo rows above and below that are copies of its neighbours'.
// The engine runs on a torus of the strip's height; the wrap-around of that
// torus only spoils the outer halo rows, which the owners overwrite after
// every tick. Cells are named by their index in the whole lattice wherever a
// result depends on it (claim keys, prisoners, the state hash), so a strip
// computes exactly what one process computes for the same cells.
struct StripRegion {
  std::uint32_t global_height = 0;  // rows of the whole lattice
  std::uint32_t first_row = 0;      // the whole lattice's row held as local row 0
  std::uint32_t rows = 0;           // rows held, halos included
  std::uint32_t own_first = 0;      // first own row, local
  std::uint32_t own_rows = 0;
};

class SynchronousSimulation final : public Engine {
 public:
  explicit SynchronousSimulation(const Scenario& scenario);
  SynchronousSimulation(const Scenario& scenario, CheckpointReader& in);
  ~SynchronousSimulation() override;

  std::uint64_t state_hash() const override;
  // Threads asked for: model.threads, or 0 for a share of the process's
  // thread budget (thread_budget.hpp). Results do not depend on it.
  int threads() const { return threads_; }

  // What lives on a cell: the first five CellCodes (agent_state.hpp).
  enum Code : std::uint8_t {
    kEmpty = static_cast<std::uint8_t>(CellCode::kEmpty),
    kQuiet = static_cast<std::uint8_t>(CellCode::kQuiet),    // a citizen at liberty, quiet
    kActive = static_cast<std::uint8_t>(CellCode::kActive),  // a citizen at liberty, active
    kCop = static_cast<std::uint8_t>(CellCode::kCop),
    // a prisoner that blocks its cell (rules.jailed_block_cell)
    kPrisoner = static_cast<std::uint8_t>(CellCode::kJailed),
  };
  const BigVector<std::uint8_t>& codes() const { return code_; }

 private:
  friend class StripAccess;

  struct Occupant {    // the agent on a cell, moved with it; 16 bytes
    std::uint32_t id;  // citizens 0 .., cops after; keys its random draws
    float hardship;
    float risk_aversion;
    std::int32_t term;  // jail term left of a kPrisoner
  };
  struct Prisoner {  // off the lattice; 20 bytes
    std::uint32_t id;
    CellIndex cell;  // where it was arrested, and returns to (whole-lattice index)
    float hardship;
    float risk_aversion;
    std::int32_t term;
  };
  // Rows of a strip, for the exchange of halos between processes.
  struct Rows {
    std::vector<std::uint8_t> codes;
    std::vector<Occupant> agents;
    std::vector<Prisoner> prisoners;  // those whose cell lies in the rows
  };
  class Roster;

  // One strip of a split simulation (StripAccess): `local` is the scenario
  // with the strip's height; `layout` the initial layout of the whole
  // lattice.
  SynchronousSimulation(const Scenario& local, const StripRegion& region,
                        const InitialLayout& layout);
  // A strip cut from a whole engine (loaded from a checkpoint); `arrests`
  // is the last tick's arrest count this strip reports.
  SynchronousSimulation(const Scenario& local, const StripRegion& region,
                        const SynchronousSimulation& whole, std::uint64_t arrests);

  // Engine.
  void activate() override;
  TickCounts count_agents() const override;
  CopRoster& cop_roster() override;
  void schedule_cops() override;
  void save_agents(CheckpointWriter& out) const override;
  std::uint64_t agents_hash() const override;
  void agent_cell_codes(std::span<std::uint8_t> out) const override;
  ColumnData agent_column(const ColumnSpec& spec) const override;
  int wanted_threads() const override { return threads_; }
  // EngineAccess, for the compliance layer.
  void export_citizens(std::span<CellIndex> cell, std::span<std::uint8_t> confined) const override;
  void export_traits(std::span<float> hardship, std::span<float> risk) const override;
  void export_cops(std::vector<CellIndex>& cells) const override;
  bool confine(std::uint32_t id, CellIndex cell, std::int32_t term, bool arrest) override;

  struct EmptyLattice {};
  SynchronousSimulation(const Scenario& scenario, EmptyLattice tag);
  // Set-up shared by the constructors: an empty lattice (of a strip, when
  // `region` is given), and what follows placement.
  void start_lattice(const StripRegion* region);
  void finish_start();
  // The engine's part of a checkpoint (save_agents() and a split
  // simulation's save_whole()).
  template <typename Codes, typename Agents>
  void put_state(CheckpointWriter& out, const Codes& codes, const Agents& agents,
                 const std::vector<Prisoner>& prisoners) const;
  void place(const InitialLayout& layout);

  // The phases (act.cpp, move.cpp, countdown.cpp).
  void act_phase();
  void move_phase();
  void countdown_phase();
  // The cell agent c proposes to move to, or kNoTarget.
  static constexpr CellIndex kNoTarget = ~CellIndex{0};
  // `first_round`: rounds of random_empty_cell() already tried with the
  // block's words.
  CellIndex propose_move(CellIndex c, std::uint32_t x, std::uint32_t y,
                         const std::array<std::uint32_t, 4>& first_block, int first_round);
  // Calls visit_row(row_start, view) for every row of the lattice, in
  // parallel, each thread walking a band of rows in order, with `view`
  // counting cops and actives over `disk` as the lattice was when the call
  // began, even if visit_row() changes cells (it may change only its row's).
  struct RowView;
  template <typename VisitRow>
  void for_each_row_with_counts(const Neighbourhood& disk, VisitRow&& visit_row);
  // Rule A over one row under Model I: the citizens whose decision needs no
  // counts are settled in a branch-free pass, the others after.
  struct RowScratch {
    std::vector<std::uint8_t> unsettled;  // per cell: a citizen whose decision needs counts
    std::vector<std::uint32_t> pending;   // their columns
    std::vector<std::uint32_t> counts;    // per cell: cops and actives in vision, packed
  };
  void decide_row(CellIndex row_start, const RowView& view, RowScratch& scratch);
  // Rule A for the citizen on c with `both` cops (low half) and actives
  // (high half) in vision, under Model I or under the compliance layer.
  void decide(CellIndex c, std::uint32_t both);
  void decide_from_counts(CellIndex c, std::uint32_t both);
  void decide_with_layer(CellIndex c, std::uint32_t both);
  // The arrest probability and A of the citizen on c (rule A).
  double arrest_probability_at(CellIndex c, std::uint32_t both) const;
  bool claim(CellIndex cell, std::uint64_t key);

  // The strip (strip.cpp).
  // Whole-lattice index of a local cell, and back; the identity without a strip.
  CellIndex to_global(CellIndex c) const {
    if (!strip_) return c;
    const std::uint32_t w = torus_.width();
    std::uint32_t row = region_.first_row + c / w;
    row -= row >= region_.global_height ? region_.global_height : 0;
    return row * w + c % w;
  }
  // The local row of a whole-lattice cell; rows past the strip's are not held.
  std::uint32_t local_row(CellIndex g) const {
    std::uint32_t row = g / torus_.width() + region_.global_height - region_.first_row;
    row -= row >= region_.global_height ? region_.global_height : 0;
    return row;
  }
  CellIndex to_local(CellIndex g) const {
    if (!strip_) return g;
    return local_row(g) * torus_.width() + g % torus_.width();
  }
  bool held(CellIndex g) const {  // whether a whole-lattice cell is in the strip
    return !strip_ || local_row(g) < region_.rows;
  }
  bool owned(CellIndex c) const {  // a local cell of an own row
    if (!strip_) return true;
    const std::uint32_t row = c / torus_.width();
    return row >= region_.own_first && row < region_.own_first + region_.own_rows;
  }
  std::pair<std::size_t, std::size_t> own_cells() const;  // local [first, end) of own rows
  std::vector<CellIndex> own_cops() const;
  bool own_empty(CellIndex g) const;
  std::uint64_t own_empties() const;
  CellIndex own_empty_at(std::uint64_t k) const;
  void remove_cop(CellIndex g);
  void place_cop(CellIndex g);
  Rows pack_rows(std::uint32_t local_first, std::uint32_t count) const;
  void unpack_rows(std::uint32_t local_first, const Rows& rows);
  // The sum of the own cells' and own prisoners' hashes, so that strips'
  // parts add up to the whole; and the part every strip shares.
  std::uint64_t partial_hash() const;
  std::uint64_t shared_hash() const;

  int threads_;

  // Per cell (bytes per cell in comments).
  BigVector<std::uint8_t> code_;  // 1: Code
  BigVector<Occupant> agent_;     // 16: who stands there
  // Off-lattice prisoners, in arrest order. A deque grows by small blocks,
  // not by doubling, so a quarter of 10^7 agents in jail costs 20 bytes each
  // rather than up to 40.
  std::deque<Prisoner> prisoners_;
  // Per-tick scratch. (Row prefix sums are per thread, a few rows each.)
  BigVector<std::uint64_t> claim_;       // 8: lowest key claiming the cell
  std::vector<RowScratch> row_scratch_;  // per thread of the team

  std::uint32_t next_id_ = 0;
  std::unique_ptr<Roster> roster_;
  bool strip_ = false;
  StripRegion region_;
  std::uint64_t migrations_ = 0;
  std::function<void()> cop_schedule_;  // replaces the one-process cop schedule when set
};

}  // namespace panopticon
