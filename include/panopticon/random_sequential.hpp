#pragma once
// Random-sequential activation, as Epstein, NetLogo and Mesa run Model I:
// every tick a fresh uniformly random order of all agents, each updated in
// turn on the current state. A self-contained object (no globals), so many
// can run side by side. The engine's part of a tick (engine.hpp states the
// whole tick; documented in docs/MODEL.md, "Process overview and
// scheduling"):
//   1. a fresh uniformly random order of all agents;
//   2. each agent in turn: citizens move and decide (rule M, rule A), cops
//      move and arrest (rule M, rule C), in the rule-set's turn order;
//   3. jail terms count down (rules.jail_countdown = end_of_tick).
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "panopticon/arrest.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/compliance.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/population.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

// An agent placed by hand (tests, examples); hardship and risk for citizens.
struct PlacedAgent {
  AgentKind kind = AgentKind::kCitizen;
  std::uint32_t x = 0;
  std::uint32_t y = 0;
  float hardship = 0.0F;
  float risk_aversion = 0.0F;
};

class RandomSequentialSimulation final : public Engine {
 public:
  // Places agents at random per the scenario's densities and placement rule.
  explicit RandomSequentialSimulation(const Scenario& scenario);
  // Places exactly the given agents (the scenario's densities are ignored).
  RandomSequentialSimulation(const Scenario& scenario, std::span<const PlacedAgent> agents);
  // Continues a run from a checkpoint written by save() under the same
  // scenario; throws CheckpointError when the state is inconsistent.
  RandomSequentialSimulation(const Scenario& scenario, CheckpointReader& in);
  ~RandomSequentialSimulation() override;

  const Population& population() const { return pop_; }
  const Torus& torus() const { return torus_; }

  // Jails a citizen at liberty now for `term` ticks, as an arrest without a
  // cop; the rule-set's countdown applies (tests).
  void jail(Slot citizen, std::int32_t term);

  // What citizen `slot` sees now: cops C and actives A as its rule A uses them.
  std::uint32_t cops_in_vision(Slot slot) const;
  std::uint32_t actives_term(Slot slot) const;

 private:
  class Roster;
  // Engine.
  void activate() override;
  TickCounts count_agents() const override;
  CopRoster& cop_roster() override;
  void save_agents(CheckpointWriter& out) const override;
  std::uint64_t agents_hash() const override;
  void agent_cell_codes(std::span<std::uint8_t> out) const override;
  ColumnData agent_column(const ColumnSpec& spec) const override;
  void cop_vision_changed() override;
  // EngineAccess, for the compliance layer.
  void export_citizens(std::span<CellIndex> cell, std::span<std::uint8_t> confined) const override;
  void export_traits(std::span<float> hardship, std::span<float> risk) const override;
  void export_cops(std::vector<CellIndex>& cells) const override;
  bool confine(std::uint32_t id, CellIndex cell, std::int32_t term, bool arrest) override;

  struct CellCounts {  // agents on a cell; 12 bytes
    std::uint16_t cops;
    std::uint16_t free;  // citizens not jailed
    std::uint16_t jailed;
    std::uint16_t actives;
    Slot head;  // first citizen on the cell (list through Population::next_in_cell)
  };

  struct EmptyLattice {};
  RandomSequentialSimulation(const Scenario& scenario, EmptyLattice tag);
  void init_common();
  void rebuild_cells(CheckpointReader& in, const std::vector<Slot>& heads);
  void place_random();
  Slot add_agent(AgentKind kind, CellIndex cell, float h, float r);
  void build_order();
  void citizen_turn(Slot s);
  void cop_turn(Slot s);
  void decide(Slot s);
  void citizen_move(Slot s);
  void cop_move(Slot s);
  void enforce(Slot cop);
  void arrest(Slot s, Slot cop);
  void imprison(Slot s, std::int32_t term);
  void release(Slot s);
  void end_of_tick_countdown();
  void set_active(Slot s, bool active);
  void move_citizen_to(Slot s, CellIndex to);
  void move_cop_to(Slot s, CellIndex to);
  void add_seen_cops(CellIndex c, int delta);
  void add_seen_actives(CellIndex c, int delta);
  void link(Slot s, CellIndex c);
  void unlink(Slot s, CellIndex c);
  // A cell is empty for a move when it holds no cop and no free citizen, and
  // no prisoner under rules.jailed_block_cell. Moves test random cells, so
  // this is a byte per cell kept beside the counts: it stays in cache on
  // lattices whose counts do not.
  bool is_empty(CellIndex c) const { return occupied_[c] == 0; }
  void refresh_occupied(CellIndex c) {
    const CellCounts& k = cells_[c];
    occupied_[c] = (k.cops | k.free | (block_jailed_ ? k.jailed : 0U)) != 0 ? 1 : 0;
  }
  std::optional<CellIndex> random_empty_cell_in(const Neighbourhood& nb, CellIndex centre,
                                                Draws& draws) const;

  std::unique_ptr<Roster> roster_;
  bool cop_vision_is_citizen_vision_ = false;
  bool block_jailed_ = false;

  Population pop_;
  std::vector<CellCounts> cells_;
  // Cops and actives within citizen vision of each cell, kept up to date on
  // every move, arrest and change of state; 2 + 2 bytes per cell.
  std::vector<std::uint16_t> seen_cops_;
  std::vector<std::uint16_t> seen_actives_;
  std::vector<std::uint8_t> occupied_;  // 1 byte per cell, see is_empty()
  std::vector<Slot> live_cops_;
  std::vector<Slot> order_;

  std::uint64_t active_ = 0;
  std::uint64_t jailed_ = 0;
  // The first block of the acting agent's move draws (see activate()).
  const std::array<std::uint32_t, 4>* move_block_ = nullptr;
};

}  // namespace panopticon
