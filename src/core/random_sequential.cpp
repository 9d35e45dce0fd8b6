#include "panopticon/random_sequential.hpp"

#include "panopticon/jail.hpp"
#include "panopticon/move_target.hpp"
#include "panopticon/placement.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace panopticon {

// The cop schedule's view of the random-sequential engine: the cops on
// duty in live_cops_ order, emptiness as moves see it.
class RandomSequentialSimulation::Roster final : public CopRoster {
 public:
  explicit Roster(RandomSequentialSimulation& sim) : sim_(sim) {}
  std::uint64_t size() override { return sim_.live_cops_.size(); }
  void withdraw(std::uint64_t i) override {
    const Slot s = sim_.live_cops_[i];
    sim_.live_cops_[i] = sim_.live_cops_.back();
    sim_.live_cops_.pop_back();
    sim_.pop_.state[s] = AgentState::kRemoved;
    --sim_.cells_[sim_.pop_.cell[s]].cops;
    sim_.refresh_occupied(sim_.pop_.cell[s]);
    sim_.add_seen_cops(sim_.pop_.cell[s], -1);
  }
  bool empty(CellIndex c) override { return sim_.is_empty(c); }
  std::uint64_t empties() override {
    std::uint64_t n = 0;
    for (CellIndex c = 0; c < sim_.torus_.cell_count(); ++c) n += sim_.is_empty(c) ? 1U : 0U;
    return n;
  }
  CellIndex empty_at(std::uint64_t k) override {
    for (CellIndex c = 0; c < sim_.torus_.cell_count(); ++c) {
      if (sim_.is_empty(c) && k-- == 0) return c;
    }
    throw std::logic_error("empty_at: no such empty cell");
  }
  void post(CellIndex c) override { sim_.add_agent(AgentKind::kCop, c, 0.0F, 0.0F); }

 private:
  RandomSequentialSimulation& sim_;
};

// An empty lattice with the scenario's geometry; the public constructors fill it.
RandomSequentialSimulation::RandomSequentialSimulation(const Scenario& scenario,
                                                       EmptyLattice /*tag*/)
    : Engine(scenario), roster_(std::make_unique<Roster>(*this)) {
  init_common();
}

RandomSequentialSimulation::~RandomSequentialSimulation() = default;

RandomSequentialSimulation::RandomSequentialSimulation(const Scenario& scenario)
    : RandomSequentialSimulation(scenario, EmptyLattice{}) {
  place_random();
  start();
}

RandomSequentialSimulation::RandomSequentialSimulation(const Scenario& scenario,
                                                       std::span<const PlacedAgent> agents)
    : RandomSequentialSimulation(scenario, EmptyLattice{}) {
  // Citizens first, then cops, so slots follow the same convention as random placement.
  for (const auto kind : {AgentKind::kCitizen, AgentKind::kCop}) {
    for (const PlacedAgent& a : agents) {
      if (a.kind != kind) continue;
      if (a.x >= torus_.width() || a.y >= torus_.height()) {
        throw std::invalid_argument("placed agent outside the lattice");
      }
      add_agent(a.kind, torus_.cell(a.x, a.y), a.hardship, a.risk_aversion);
    }
  }
  initial_cops_ = live_cops_.size();
  start();
}

RandomSequentialSimulation::RandomSequentialSimulation(const Scenario& scenario,
                                                       CheckpointReader& in)
    : RandomSequentialSimulation(scenario, EmptyLattice{}) {
  read_header(in);
  initial_cops_ = in.get<std::uint64_t>("the initial cop count");
  const auto n = in.get<std::uint64_t>("the population size");
  if (n >= kNoSlot) in.fail("holds an impossible population size");
  pop_.kind = in.get_vector<AgentKind>("the kind column", n);
  pop_.state = in.get_vector<AgentState>("the state column", n);
  pop_.cell = in.get_vector<CellIndex>("the cell column", n);
  pop_.hardship = in.get_vector<float>("the hardship column", n);
  pop_.risk_aversion = in.get_vector<float>("the risk aversion column", n);
  pop_.jail_term = in.get_vector<std::int32_t>("the jail term column", n);
  pop_.next_in_cell = in.get_vector<Slot>("the cell list column", n);
  const auto n_live = in.get<std::uint64_t>("the number of cops on duty");
  live_cops_ = in.get_vector<Slot>("the cops on duty", n_live);
  const auto heads = in.get_vector<Slot>("the cell lists", torus_.cell_count());
  rebuild_cells(in, heads);
  start(in);
}

void RandomSequentialSimulation::save_agents(CheckpointWriter& out) const {
  out.put<std::uint64_t>(initial_cops_);
  out.put<std::uint64_t>(pop_.size());
  out.put_vector(pop_.kind);
  out.put_vector(pop_.state);
  out.put_vector(pop_.cell);
  out.put_vector(pop_.hardship);
  out.put_vector(pop_.risk_aversion);
  out.put_vector(pop_.jail_term);
  out.put_vector(pop_.next_in_cell);
  out.put<std::uint64_t>(live_cops_.size());
  out.put_vector(live_cops_);
  std::vector<Slot> heads(cells_.size());
  for (std::size_t c = 0; c < cells_.size(); ++c) heads[c] = cells_[c].head;
  out.put_vector(heads);
}

// Everything per cell is derived from the population except the order of
// each cell's list (it decides which active a cop arrests), which is stored.
// A checkpoint passed its checksum, but the state is still checked, so a
// file that was crafted or written by a buggy build fails clearly instead of
// crashing or running on wrong state.
void RandomSequentialSimulation::rebuild_cells(CheckpointReader& in,
                                               const std::vector<Slot>& heads) {
  const std::size_t n = pop_.size();
  const std::size_t n_cells = cells_.size();
  citizens_ = 0;
  for (Slot s = 0; s < n; ++s) {
    const bool citizen = pop_.kind[s] == AgentKind::kCitizen;
    if (!citizen && pop_.kind[s] != AgentKind::kCop) in.fail("holds an agent of unknown kind");
    // The engine holds QUIET, ACTIVE and JAILED citizens and QUIET or
    // REMOVED cops; DISSENT and DETAINED are the layer's.
    const AgentState st = pop_.state[s];
    if (st != AgentState::kQuiet && st != AgentState::kActive && st != AgentState::kJailed &&
        st != AgentState::kRemoved) {
      in.fail("holds an agent in an unknown state");
    }
    if (pop_.cell[s] >= n_cells) in.fail("holds an agent outside the lattice");
    if (citizen && s != citizens_) in.fail("holds citizens after cops in the slot order");
    if (citizen) ++citizens_;
    if (citizen && pop_.state[s] == AgentState::kRemoved) in.fail("holds a removed citizen");
    if (!citizen &&
        (pop_.state[s] == AgentState::kActive || pop_.state[s] == AgentState::kJailed)) {
      in.fail("holds a cop that is active or jailed");
    }
    if (pop_.state[s] == AgentState::kJailed && pop_.jail_term[s] < 0)
      in.fail("holds a negative jail term");
  }
  std::vector<std::uint8_t> on_duty(n, 0);
  for (const Slot s : live_cops_) {
    if (s >= n || pop_.kind[s] != AgentKind::kCop || pop_.state[s] == AgentState::kRemoved ||
        on_duty[s] != 0) {
      in.fail("holds an inconsistent list of cops on duty");
    }
    on_duty[s] = 1;
    ++cells_[pop_.cell[s]].cops;
  }
  for (Slot s = static_cast<Slot>(citizens_); s < n; ++s) {
    if ((pop_.state[s] != AgentState::kRemoved) != (on_duty[s] != 0)) {
      in.fail("holds a cop on duty missing from the list of cops on duty");
    }
  }
  std::vector<std::uint8_t> listed(citizens_, 0);
  for (std::size_t c = 0; c < n_cells; ++c) {
    cells_[c].head = heads[c];
    for (Slot s = heads[c]; s != kNoSlot; s = pop_.next_in_cell[s]) {
      if (s >= citizens_ || listed[s] != 0 || pop_.cell[s] != c)
        in.fail("holds corrupt cell lists");
      listed[s] = 1;
    }
  }
  active_ = 0;
  jailed_ = 0;
  for (Slot s = 0; s < citizens_; ++s) {
    if (listed[s] == 0) in.fail("holds a citizen missing from its cell's list");
    CellCounts& k = cells_[pop_.cell[s]];
    if (pop_.state[s] == AgentState::kJailed) {
      ++k.jailed;
      ++jailed_;
    } else {
      ++k.free;
    }
    if (pop_.state[s] == AgentState::kActive) {
      ++k.actives;
      ++active_;
      add_seen_actives(pop_.cell[s], +1);
    }
  }
  for (const Slot s : live_cops_) add_seen_cops(pop_.cell[s], +1);
  for (CellIndex c = 0; c < n_cells; ++c) refresh_occupied(c);
}

void RandomSequentialSimulation::init_common() {
  block_jailed_ = scenario_.rules.jailed_block_cell;
  cop_vision_changed();
  const std::size_t n = torus_.cell_count();
  cells_.assign(n, CellCounts{0, 0, 0, 0, kNoSlot});
  occupied_.assign(n, 0);
  seen_cops_.assign(n + Neighbourhood::kGridPadding, 0);
  seen_actives_.assign(n + Neighbourhood::kGridPadding, 0);
}

void RandomSequentialSimulation::cop_vision_changed() {
  cop_vision_is_citizen_vision_ = cop_vision_radius_ == scenario_.citizen_vision;
}

Slot RandomSequentialSimulation::add_agent(AgentKind kind, CellIndex cell, float h, float r) {
  const Slot s = pop_.add(kind, cell, h, r);
  if (kind == AgentKind::kCitizen) {
    ++citizens_;
    ++cells_[cell].free;
    link(s, cell);
    refresh_occupied(cell);
  } else {
    live_cops_.push_back(s);
    ++cells_[cell].cops;
    refresh_occupied(cell);
    add_seen_cops(cell, +1);
  }
  return s;
}

void RandomSequentialSimulation::place_random() {
  const InitialLayout layout = initial_layout(scenario_, torus_, streams_);
  pop_.kind.reserve(layout.citizen_cells.size() + layout.cop_cells.size());
  for (std::size_t i = 0; i < layout.citizen_cells.size(); ++i) {
    const auto [h, r] = citizen_traits(streams_, static_cast<Slot>(i));
    add_agent(AgentKind::kCitizen, layout.citizen_cells[i], h, r);
  }
  for (const CellIndex c : layout.cop_cells) add_agent(AgentKind::kCop, c, 0.0F, 0.0F);
  initial_cops_ = live_cops_.size();
}

void RandomSequentialSimulation::activate() {
  build_order();
  // The order is random, so every agent's columns are a cache miss on large
  // lattices; fetch them a few agents ahead (the columns first, then the
  // cell they point at). The first move block of every agent is computed
  // for a batch of agents at once (RandomStreams::first_blocks).
  constexpr std::size_t kColumnsAhead = 16;
  constexpr std::size_t kCellAhead = 8;
  constexpr std::size_t kBatch = 16;
  std::array<std::array<std::uint32_t, 4>, kBatch> move_blocks{};
  const std::size_t n = order_.size();
  for (std::size_t batch = 0; batch < n; batch += kBatch) {
    const std::size_t m = std::min(kBatch, n - batch);
    streams_.first_blocks(Purpose::kMove, static_cast<std::uint32_t>(tick_), &order_[batch], m,
                          move_blocks.data());
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t i = batch + j;
      if (i + kColumnsAhead < n) {
        const Slot ahead = order_[i + kColumnsAhead];
        __builtin_prefetch(&pop_.cell[ahead]);
        __builtin_prefetch(&pop_.state[ahead]);
        __builtin_prefetch(&pop_.kind[ahead]);
        __builtin_prefetch(&pop_.hardship[ahead]);
        __builtin_prefetch(&pop_.risk_aversion[ahead]);
      }
      if (i + kCellAhead < n) {
        const CellIndex c = pop_.cell[order_[i + kCellAhead]];
        __builtin_prefetch(&seen_cops_[c]);
        __builtin_prefetch(&seen_actives_[c]);
        __builtin_prefetch(&cells_[c]);
        __builtin_prefetch(&occupied_[c]);
      }
      const Slot s = order_[i];
      move_block_ = &move_blocks[j];
      if (pop_.kind[s] == AgentKind::kCitizen) {
        citizen_turn(s);
      } else {
        cop_turn(s);
      }
    }
  }
  if (scenario_.rules.jail_countdown == JailCountdown::kEndOfTick) end_of_tick_countdown();
}

void RandomSequentialSimulation::build_order() {
  order_.resize(citizens_ + live_cops_.size());
  for (std::uint64_t i = 0; i < citizens_; ++i) order_[i] = static_cast<Slot>(i);
  std::copy(live_cops_.begin(), live_cops_.end(),
            order_.begin() + static_cast<std::ptrdiff_t>(citizens_));
  Draws draws(streams_, Purpose::kOrder, static_cast<std::uint32_t>(tick_), 0);
  for (std::size_t i = order_.size(); i > 1; --i) {
    const std::uint32_t j = draws.next_below(static_cast<std::uint32_t>(i));
    std::swap(order_[i - 1], order_[j]);
  }
}

void RandomSequentialSimulation::citizen_turn(Slot s) {
  if (pop_.state[s] == AgentState::kJailed) {
    if (scenario_.rules.jail_countdown == JailCountdown::kEndOfTick) return;
    std::int32_t& term = pop_.jail_term[s];
    if (term > 0) {
      if (term != kLifeTerm) --term;
      return;
    }
    release(s);  // Mesa: the activation that finds the term at 0 acts
  }
  if (scenario_.rules.order == TurnOrder::kMoveThenAct) {
    citizen_move(s);
    decide(s);
  } else {
    decide(s);
    citizen_move(s);
  }
}

void RandomSequentialSimulation::cop_turn(Slot s) {
  if (pop_.state[s] == AgentState::kRemoved) return;
  if (scenario_.rules.order == TurnOrder::kMoveThenAct) {
    cop_move(s);
    enforce(s);
  } else {
    enforce(s);
    cop_move(s);
  }
}

std::uint32_t RandomSequentialSimulation::cops_in_vision(Slot s) const {
  return seen_cops_[pop_.cell[s]];
}

std::uint32_t RandomSequentialSimulation::actives_term(Slot s) const {
  const bool active = pop_.state[s] == AgentState::kActive;
  const bool own = citizen_vision_.includes_own_cell();
  const std::uint32_t others = seen_actives_[pop_.cell[s]] - ((own && active) ? 1U : 0U);
  return actives_in_view(others, active, scenario_.rules.self_count);
}

void RandomSequentialSimulation::decide(Slot s) {
  const std::uint32_t c = cops_in_vision(s);
  const std::uint32_t a = actives_term(s);
  const double p = arrest_probability_(c, a);
  if (compliance_) {
    const AgentState b = compliance_->decide(s, pop_.cell[s], p, scenario_.threshold);
    compliance_->set_behaviour(s, b);
    const bool active = b == AgentState::kActive;
    if (active != (pop_.state[s] == AgentState::kActive)) set_active(s, active);
    return;
  }
  const double grievance = static_cast<double>(pop_.hardship[s]) * (1.0 - legitimacy_);
  const bool active =
      grievance - static_cast<double>(pop_.risk_aversion[s]) * p > scenario_.threshold;
  if (active != (pop_.state[s] == AgentState::kActive)) set_active(s, active);
}

std::optional<CellIndex> RandomSequentialSimulation::random_empty_cell_in(const Neighbourhood& nb,
                                                                          CellIndex centre,
                                                                          Draws& draws) const {
  return random_empty_cell(nb, torus_, centre, draws, [this](CellIndex c) { return is_empty(c); });
}

void RandomSequentialSimulation::citizen_move(Slot s) {
  if (!scenario_.movement) return;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), s, *move_block_);
  if (const auto to = random_empty_cell_in(citizen_vision_, pop_.cell[s], draws)) {
    move_citizen_to(s, *to);
  }
}

void RandomSequentialSimulation::cop_move(Slot s) {
  if (!scenario_.movement && scenario_.rules.movement_applies_to_cops) return;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), s, *move_block_);
  if (const auto to = random_empty_cell_in(cop_vision_, pop_.cell[s], draws)) move_cop_to(s, *to);
}

void RandomSequentialSimulation::enforce(Slot cop) {
  const CellIndex centre = pop_.cell[cop];
  // With the citizens' vision, the actives a cop sees are already counted.
  std::uint32_t total = 0;
  if (cop_vision_is_citizen_vision_) {
    total = seen_actives_[centre];
  } else {
    cop_vision_.for_each_cell(centre, [&](CellIndex c) { total += cells_[c].actives; });
  }
  if (total == 0) return;
  Draws draws(streams_, Purpose::kArrest, static_cast<std::uint32_t>(tick_), cop);
  std::uint32_t pick = draws.next_below(total);
  Slot suspect = kNoSlot;
  cop_vision_.for_each_cell(centre, [&](CellIndex c) {
    if (suspect != kNoSlot || cells_[c].actives <= pick) {
      if (suspect == kNoSlot) pick -= cells_[c].actives;
      return;
    }
    for (Slot s = cells_[c].head; s != kNoSlot; s = pop_.next_in_cell[s]) {
      if (pop_.state[s] == AgentState::kActive && pick-- == 0) {
        suspect = s;
        return;
      }
    }
  });
  arrest(suspect, cop);
}

void RandomSequentialSimulation::arrest(Slot s, Slot cop) {
  const CellIndex c = pop_.cell[s];
  ++arrests_this_tick_;
  if (compliance_) compliance_->note_arrest(s, c);
  imprison(s, draw_jail_term(streams_, scenario_, tick_, s));
  if (scenario_.rules.cop_steps_onto_arrestee && pop_.cell[cop] != c) move_cop_to(cop, c);
}

void RandomSequentialSimulation::imprison(Slot s, std::int32_t term) {
  const CellIndex c = pop_.cell[s];
  if (pop_.state[s] == AgentState::kActive) set_active(s, false);
  pop_.state[s] = AgentState::kJailed;
  pop_.jail_term[s] = term;
  --cells_[c].free;
  ++cells_[c].jailed;
  refresh_occupied(c);
  ++jailed_;
  // NetLogo: a term of 0 is no jail at all; the arrestee is quiet at once.
  if (scenario_.rules.jail_countdown == JailCountdown::kEndOfTick && term == 0) release(s);
}

void RandomSequentialSimulation::jail(Slot citizen, std::int32_t term) {
  if (citizen >= citizens_ || pop_.state[citizen] == AgentState::kJailed || term < 0) {
    throw std::invalid_argument("jail(): not a citizen at liberty, or a negative term");
  }
  imprison(citizen, term);
  count();
}

void RandomSequentialSimulation::release(Slot s) {
  const CellIndex c = pop_.cell[s];
  pop_.state[s] = AgentState::kQuiet;
  pop_.jail_term[s] = 0;
  --cells_[c].jailed;
  ++cells_[c].free;
  refresh_occupied(c);
  --jailed_;
}

void RandomSequentialSimulation::end_of_tick_countdown() {
  if (jailed_ == 0) return;
  for (Slot s = 0; s < citizens_; ++s) {
    if (pop_.state[s] != AgentState::kJailed) continue;
    std::int32_t& term = pop_.jail_term[s];
    if (term == kLifeTerm) continue;
    if (--term <= 0) release(s);
  }
}

void RandomSequentialSimulation::set_active(Slot s, bool active) {
  const CellIndex c = pop_.cell[s];
  pop_.state[s] = active ? AgentState::kActive : AgentState::kQuiet;
  if (active) {
    ++active_;
    ++cells_[c].actives;
    add_seen_actives(c, +1);
  } else {
    --active_;
    --cells_[c].actives;
    add_seen_actives(c, -1);
  }
}

void RandomSequentialSimulation::move_citizen_to(Slot s, CellIndex to) {
  const CellIndex from = pop_.cell[s];
  unlink(s, from);
  --cells_[from].free;
  refresh_occupied(from);
  link(s, to);
  ++cells_[to].free;
  refresh_occupied(to);
  pop_.cell[s] = to;
  if (pop_.state[s] == AgentState::kActive) {
    --cells_[from].actives;
    add_seen_actives(from, -1);
    ++cells_[to].actives;
    add_seen_actives(to, +1);
  }
}

void RandomSequentialSimulation::move_cop_to(Slot s, CellIndex to) {
  const CellIndex from = pop_.cell[s];
  --cells_[from].cops;
  refresh_occupied(from);
  add_seen_cops(from, -1);
  ++cells_[to].cops;
  refresh_occupied(to);
  add_seen_cops(to, +1);
  pop_.cell[s] = to;
}

void RandomSequentialSimulation::add_seen_cops(CellIndex c, int delta) {
  citizen_vision_.add_over(c, seen_cops_.data(), static_cast<std::uint16_t>(delta));
}

void RandomSequentialSimulation::add_seen_actives(CellIndex c, int delta) {
  citizen_vision_.add_over(c, seen_actives_.data(), static_cast<std::uint16_t>(delta));
}

void RandomSequentialSimulation::link(Slot s, CellIndex c) {
  pop_.next_in_cell[s] = cells_[c].head;
  cells_[c].head = s;
}

void RandomSequentialSimulation::unlink(Slot s, CellIndex c) {
  Slot* p = &cells_[c].head;
  while (*p != s) p = &pop_.next_in_cell[*p];
  *p = pop_.next_in_cell[s];
  pop_.next_in_cell[s] = kNoSlot;
}

void RandomSequentialSimulation::export_citizens(std::span<CellIndex> cell,
                                                 std::span<std::uint8_t> confined) const {
  for (Slot s = 0; s < citizens_; ++s) {
    cell[s] = pop_.cell[s];
    confined[s] = pop_.state[s] == AgentState::kJailed ? 1 : 0;
  }
}

void RandomSequentialSimulation::export_traits(std::span<float> hardship,
                                               std::span<float> risk) const {
  for (Slot s = 0; s < citizens_; ++s) {
    hardship[s] = pop_.hardship[s];
    risk[s] = pop_.risk_aversion[s];
  }
}

void RandomSequentialSimulation::export_cops(std::vector<CellIndex>& cells) const {
  for (const Slot s : live_cops_) cells.push_back(pop_.cell[s]);
}

bool RandomSequentialSimulation::confine(std::uint32_t id, CellIndex cell, std::int32_t term,
                                         bool arrest) {
  if (id >= citizens_ || pop_.state[id] == AgentState::kJailed || pop_.cell[id] != cell) {
    return false;
  }
  if (arrest) ++arrests_this_tick_;
  imprison(id, term);
  return true;
}

TickCounts RandomSequentialSimulation::count_agents() const {
  TickCounts c;
  c.active = active_;
  c.jailed = jailed_;
  c.quiet = citizens_ - active_ - jailed_;
  c.cops = live_cops_.size();
  return c;
}

CopRoster& RandomSequentialSimulation::cop_roster() {
  return *roster_;
}

std::uint64_t RandomSequentialSimulation::agents_hash() const {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) {
      h ^= p[i];
      h *= 1099511628211ULL;
    }
  };
  mix(&initial_cops_, sizeof initial_cops_);
  mix(pop_.kind.data(), pop_.kind.size());
  mix(pop_.state.data(), pop_.state.size());
  mix(pop_.cell.data(), pop_.cell.size() * sizeof(CellIndex));
  mix(pop_.hardship.data(), pop_.hardship.size() * sizeof(float));
  mix(pop_.risk_aversion.data(), pop_.risk_aversion.size() * sizeof(float));
  mix(pop_.jail_term.data(), pop_.jail_term.size() * sizeof(std::int32_t));
  mix(pop_.next_in_cell.data(), pop_.next_in_cell.size() * sizeof(Slot));
  mix(live_cops_.data(), live_cops_.size() * sizeof(Slot));
  for (const CellCounts& k : cells_) mix(&k.head, sizeof k.head);
  return h;
}

void RandomSequentialSimulation::agent_cell_codes(std::span<std::uint8_t> out) const {
  for (CellIndex c = 0; c < cells_.size(); ++c) {
    const CellCounts& k = cells_[c];
    CellCode code = CellCode::kEmpty;
    if (k.cops > 0) {
      code = CellCode::kCop;
    } else if (k.actives > 0) {
      code = CellCode::kActive;
    } else if (k.free > 0) {
      code = CellCode::kQuiet;
    } else if (k.jailed > 0) {
      code = CellCode::kJailed;
    }
    out[c] = static_cast<std::uint8_t>(code);
  }
}

ColumnData RandomSequentialSimulation::agent_column(const ColumnSpec& spec) const {
  // Citizens hold slots 0 .. citizens - 1: the engine's columns are views.
  const std::size_t n = citizens_;
  if (spec.name == "state") return {spec, pop_.state.data(), n};
  if (spec.name == "cell") return {spec, pop_.cell.data(), n};
  if (spec.name == "hardship") return {spec, pop_.hardship.data(), n};
  if (spec.name == "risk_aversion") return {spec, pop_.risk_aversion.data(), n};
  throw std::logic_error("the random-sequential engine has no column " + spec.name);
}

}  // namespace panopticon
