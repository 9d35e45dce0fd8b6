#include "panopticon/simulation.hpp"

#include "panopticon/move_target.hpp"
#include "panopticon/placement.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace panopticon {

// An empty lattice with the scenario's geometry; the public constructors fill it.
Simulation::Simulation(const Scenario& scenario, EmptyLattice /*tag*/)
    : ModelCore(scenario),
      scenario_(scenario),
      cop_vision_is_citizen_vision_(scenario.cop_vision == scenario.citizen_vision) {
  init_common();
}

Simulation::Simulation(const Scenario& scenario) : Simulation(scenario, EmptyLattice{}) {
  place_random();
  start_compliance();
  count();
}

void Simulation::start_compliance() {
  compliance_ = Compliance::start(scenario_, torus_, citizen_vision_, streams_,
                                  static_cast<std::uint32_t>(citizens_),
                                  static_cast<const EngineAccess&>(*this));
}

Simulation::Simulation(const Scenario& scenario, std::span<const PlacedAgent> agents)
    : Simulation(scenario, EmptyLattice{}) {
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
  start_compliance();
  count();
}

Simulation::Simulation(const Scenario& scenario, CheckpointReader& in)
    : Simulation(scenario, EmptyLattice{}) {
  tick_ = in.get<std::int64_t>("the tick");
  if (tick_ < 0 || tick_ > scenario.steps) in.fail("holds a tick outside the run");
  legitimacy_ = scenario_.legitimacy.value_at(tick_);
  arrests_this_tick_ = in.get<std::uint64_t>("the arrest count");
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
  start_compliance();
  if (compliance_) compliance_->load(in);
  in.expect_end();
  count();
}

void Simulation::save(CheckpointWriter& out) const {
  out.put<std::int64_t>(tick_);
  out.put<std::uint64_t>(arrests_this_tick_);
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
  if (compliance_) compliance_->save(out);
}

// Everything per cell is derived from the population except the order of
// each cell's list (it decides which active a cop arrests), which is stored.
// A checkpoint passed its checksum, but the state is still checked, so a
// file that was crafted or written by a buggy build fails clearly instead of
// crashing or running on wrong state.
void Simulation::rebuild_cells(CheckpointReader& in, const std::vector<Slot>& heads) {
  const std::size_t n = pop_.size();
  const std::size_t n_cells = cells_.size();
  citizens_ = 0;
  for (Slot s = 0; s < n; ++s) {
    const bool citizen = pop_.kind[s] == AgentKind::kCitizen;
    if (!citizen && pop_.kind[s] != AgentKind::kCop) in.fail("holds an agent of unknown kind");
    if (static_cast<std::uint8_t>(pop_.state[s]) >
        static_cast<std::uint8_t>(AgentState::kRemoved)) {
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

void Simulation::init_common() {
  block_jailed_ = scenario_.rules.jailed_block_cell;
  const std::size_t n = torus_.cell_count();
  cells_.assign(n, CellCounts{0, 0, 0, 0, kNoSlot});
  occupied_.assign(n, 0);
  seen_cops_.assign(n + Neighbourhood::kGridPadding, 0);
  seen_actives_.assign(n + Neighbourhood::kGridPadding, 0);
  legitimacy_ = scenario_.legitimacy.value_at(0);
}

Slot Simulation::add_agent(AgentKind kind, CellIndex cell, float h, float r) {
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

void Simulation::place_random() {
  const InitialLayout layout = initial_layout(scenario_, torus_, streams_);
  pop_.kind.reserve(layout.citizen_cells.size() + layout.cop_cells.size());
  for (std::size_t i = 0; i < layout.citizen_cells.size(); ++i) {
    const auto [h, r] = citizen_traits(streams_, static_cast<Slot>(i));
    add_agent(AgentKind::kCitizen, layout.citizen_cells[i], h, r);
  }
  for (const CellIndex c : layout.cop_cells) add_agent(AgentKind::kCop, c, 0.0F, 0.0F);
  initial_cops_ = live_cops_.size();
}

void Simulation::step() {
  ++tick_;
  arrests_this_tick_ = 0;
  legitimacy_ = scenario_.legitimacy.value_at(tick_);
  adjust_cops();
  if (compliance_) compliance_->begin_tick(tick_, legitimacy_);
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
    streams_.first_blocks(kCoreStream, Purpose::kMove, static_cast<std::uint32_t>(tick_),
                          &order_[batch], m, move_blocks.data());
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
  if (compliance_) compliance_->end_tick(*this);
  count();
}

void Simulation::adjust_cops() {
  const Schedule& sched = scenario_.cop_density;
  if (sched.kind == ScheduleKind::kConstant) return;
  const std::int64_t target = scheduled_cops(sched, tick_, initial_cops_, torus_.cell_count());
  Draws draws(streams_, Purpose::kCopSchedule, static_cast<std::uint32_t>(tick_), 0);
  while (static_cast<std::int64_t>(live_cops_.size()) > target) {
    const std::uint32_t i = draws.next_below(static_cast<std::uint32_t>(live_cops_.size()));
    const Slot s = live_cops_[i];
    live_cops_[i] = live_cops_.back();
    live_cops_.pop_back();
    pop_.state[s] = AgentState::kRemoved;
    --cells_[pop_.cell[s]].cops;
    refresh_occupied(pop_.cell[s]);
    add_seen_cops(pop_.cell[s], -1);
  }
  while (static_cast<std::int64_t>(live_cops_.size()) < target) {
    std::optional<CellIndex> where;
    const auto n_cells = static_cast<std::uint32_t>(torus_.cell_count());
    for (int attempt = 0; attempt < 64 && !where; ++attempt) {
      const CellIndex c = draws.next_below(n_cells);
      if (is_empty(c)) where = c;
    }
    if (!where) {
      std::uint32_t empties = 0;
      for (CellIndex c = 0; c < n_cells; ++c) empties += is_empty(c) ? 1U : 0U;
      if (empties == 0) return;  // the lattice is full: no room for more cops
      std::uint32_t pick = draws.next_below(empties);
      for (CellIndex c = 0; c < n_cells; ++c) {
        if (is_empty(c) && pick-- == 0) {
          where = c;
          break;
        }
      }
    }
    add_agent(AgentKind::kCop, *where, 0.0F, 0.0F);
  }
}

void Simulation::build_order() {
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

void Simulation::citizen_turn(Slot s) {
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

void Simulation::cop_turn(Slot s) {
  if (pop_.state[s] == AgentState::kRemoved) return;
  if (scenario_.rules.order == TurnOrder::kMoveThenAct) {
    cop_move(s);
    enforce(s);
  } else {
    enforce(s);
    cop_move(s);
  }
}

std::uint32_t Simulation::cops_in_vision(Slot s) const {
  return seen_cops_[pop_.cell[s]];
}

std::uint32_t Simulation::actives_term(Slot s) const {
  const bool active = pop_.state[s] == AgentState::kActive;
  const bool own = citizen_vision_.includes_own_cell();
  const std::uint32_t others = seen_actives_[pop_.cell[s]] - ((own && active) ? 1U : 0U);
  const bool twice = scenario_.rules.self_count == SelfCount::kTwiceIfActive && active;
  return 1U + others + (twice ? 1U : 0U);
}

void Simulation::decide(Slot s) {
  const std::uint32_t c = cops_in_vision(s);
  const std::uint32_t a = actives_term(s);
  const double p = arrest_probability_(c, a);
  if (compliance_) {
    const Behaviour b = compliance_->decide(s, pop_.cell[s], p, scenario_.threshold);
    compliance_->set_behaviour(s, b);
    const bool active = b == Behaviour::kActive;
    if (active != (pop_.state[s] == AgentState::kActive)) set_active(s, active);
    return;
  }
  const double grievance = static_cast<double>(pop_.hardship[s]) * (1.0 - legitimacy_);
  const bool active =
      grievance - static_cast<double>(pop_.risk_aversion[s]) * p > scenario_.threshold;
  if (active != (pop_.state[s] == AgentState::kActive)) set_active(s, active);
}

std::optional<CellIndex> Simulation::random_empty_cell_in(const Neighbourhood& nb, CellIndex centre,
                                                          Draws& draws) const {
  return random_empty_cell(nb, torus_, centre, draws, [this](CellIndex c) { return is_empty(c); });
}

void Simulation::citizen_move(Slot s) {
  if (!scenario_.movement) return;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), s, *move_block_);
  if (const auto to = random_empty_cell_in(citizen_vision_, pop_.cell[s], draws)) {
    move_citizen_to(s, *to);
  }
}

void Simulation::cop_move(Slot s) {
  if (!scenario_.movement && scenario_.rules.movement_applies_to_cops) return;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), s, *move_block_);
  if (const auto to = random_empty_cell_in(cop_vision_, pop_.cell[s], draws)) move_cop_to(s, *to);
}

void Simulation::enforce(Slot cop) {
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

std::int32_t Simulation::draw_jail_term(Slot s) const {
  const double j_max = scenario_.max_jail_term;
  if (std::isinf(j_max)) return kLifeTerm;
  const auto j = static_cast<std::uint32_t>(j_max);
  Draws draws(streams_, Purpose::kJailTerm, static_cast<std::uint32_t>(tick_), s);
  if (scenario_.rules.jail_term_range == JailTermRange::kBelowMax) {
    return j == 0 ? 0 : static_cast<std::int32_t>(draws.next_below(j));  // NetLogo: random 0 = 0
  }
  return static_cast<std::int32_t>(draws.next_below(j + 1));
}

void Simulation::arrest(Slot s, Slot cop) {
  const CellIndex c = pop_.cell[s];
  ++arrests_this_tick_;
  if (compliance_) compliance_->note_arrest(s, c);
  imprison(s, draw_jail_term(s));
  if (scenario_.rules.cop_steps_onto_arrestee && pop_.cell[cop] != c) move_cop_to(cop, c);
}

void Simulation::imprison(Slot s, std::int32_t term) {
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

void Simulation::jail(Slot citizen, std::int32_t term) {
  if (citizen >= citizens_ || pop_.state[citizen] == AgentState::kJailed || term < 0) {
    throw std::invalid_argument("jail(): not a citizen at liberty, or a negative term");
  }
  imprison(citizen, term);
  count();
}

void Simulation::release(Slot s) {
  const CellIndex c = pop_.cell[s];
  pop_.state[s] = AgentState::kQuiet;
  pop_.jail_term[s] = 0;
  --cells_[c].jailed;
  ++cells_[c].free;
  refresh_occupied(c);
  --jailed_;
}

void Simulation::end_of_tick_countdown() {
  if (jailed_ == 0) return;
  for (Slot s = 0; s < citizens_; ++s) {
    if (pop_.state[s] != AgentState::kJailed) continue;
    std::int32_t& term = pop_.jail_term[s];
    if (term == kLifeTerm) continue;
    if (--term <= 0) release(s);
  }
}

void Simulation::set_active(Slot s, bool active) {
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

void Simulation::move_citizen_to(Slot s, CellIndex to) {
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

void Simulation::move_cop_to(Slot s, CellIndex to) {
  const CellIndex from = pop_.cell[s];
  --cells_[from].cops;
  refresh_occupied(from);
  add_seen_cops(from, -1);
  ++cells_[to].cops;
  refresh_occupied(to);
  add_seen_cops(to, +1);
  pop_.cell[s] = to;
}

void Simulation::add_seen_cops(CellIndex c, int delta) {
  citizen_vision_.add_over(c, seen_cops_.data(), static_cast<std::uint16_t>(delta));
}

void Simulation::add_seen_actives(CellIndex c, int delta) {
  citizen_vision_.add_over(c, seen_actives_.data(), static_cast<std::uint16_t>(delta));
}

void Simulation::link(Slot s, CellIndex c) {
  pop_.next_in_cell[s] = cells_[c].head;
  cells_[c].head = s;
}

void Simulation::unlink(Slot s, CellIndex c) {
  Slot* p = &cells_[c].head;
  while (*p != s) p = &pop_.next_in_cell[*p];
  *p = pop_.next_in_cell[s];
  pop_.next_in_cell[s] = kNoSlot;
}

void Simulation::export_citizens(std::span<CellIndex> cell,
                                 std::span<std::uint8_t> confined) const {
  for (Slot s = 0; s < citizens_; ++s) {
    cell[s] = pop_.cell[s];
    confined[s] = pop_.state[s] == AgentState::kJailed ? 1 : 0;
  }
}

void Simulation::export_traits(std::span<float> hardship, std::span<float> risk) const {
  for (Slot s = 0; s < citizens_; ++s) {
    hardship[s] = pop_.hardship[s];
    risk[s] = pop_.risk_aversion[s];
  }
}

void Simulation::export_cops(std::vector<CellIndex>& cells) const {
  for (const Slot s : live_cops_) cells.push_back(pop_.cell[s]);
}

bool Simulation::confine(std::uint32_t id, CellIndex cell, std::int32_t term, bool arrest) {
  if (id >= citizens_ || pop_.state[id] == AgentState::kJailed || pop_.cell[id] != cell) {
    return false;
  }
  if (arrest) ++arrests_this_tick_;
  imprison(id, term);
  return true;
}

std::int32_t Simulation::jail_term_for(std::uint32_t id) const {
  // At least a tick: under NetLogo's rules a term of 0 is no jail at all,
  // which a warrant served after the fact would make a non-event.
  return std::max<std::int32_t>(1, draw_jail_term(id));
}

void Simulation::count() {
  counts_.tick = tick_;
  counts_.active = active_;
  counts_.jailed = jailed_;
  counts_.quiet = citizens_ - active_ - jailed_;
  counts_.cops = live_cops_.size();
  counts_.arrests = arrests_this_tick_;
  counts_.legitimacy = legitimacy_;
  if (compliance_) compliance_->split_counts(counts_);
}

std::uint64_t Simulation::state_hash() const {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) {
      h ^= p[i];
      h *= 1099511628211ULL;
    }
  };
  mix(&tick_, sizeof tick_);
  mix(pop_.kind.data(), pop_.kind.size());
  mix(pop_.state.data(), pop_.state.size());
  mix(pop_.cell.data(), pop_.cell.size() * sizeof(CellIndex));
  mix(pop_.hardship.data(), pop_.hardship.size() * sizeof(float));
  mix(pop_.risk_aversion.data(), pop_.risk_aversion.size() * sizeof(float));
  mix(pop_.jail_term.data(), pop_.jail_term.size() * sizeof(std::int32_t));
  if (compliance_) h ^= compliance_->hash() * 0x9E3779B97F4A7C15ULL;
  return h;
}

}  // namespace panopticon
