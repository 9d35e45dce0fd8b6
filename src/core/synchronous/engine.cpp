// The synchronous engine's set-up, state and answers to the layer and the
// query API (synchronous.hpp says how the engine is split across files).
#include <omp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <stdexcept>

#include "claims.hpp"
#include "panopticon/placement.hpp"
#include "panopticon/synchronous.hpp"
#include "panopticon/thread_budget.hpp"

namespace panopticon {

// The cop schedule's view of one process's lattice: the cops on duty in
// cell order, gathered the first time the schedule needs them.
class SynchronousSimulation::Roster final : public CopRoster {
 public:
  explicit Roster(SynchronousSimulation& sim) : sim_(sim) {}
  void reset() {
    cops_.clear();
    gathered_ = false;
  }
  std::uint64_t size() override { return gathered_ ? cops_.size() : sim_.counts_.cops; }
  void withdraw(std::uint64_t i) override {
    gather();
    sim_.remove_cop(cops_[i]);
    cops_[i] = cops_.back();
    cops_.pop_back();
  }
  bool empty(CellIndex g) override { return sim_.own_empty(g); }
  std::uint64_t empties() override { return sim_.own_empties(); }
  CellIndex empty_at(std::uint64_t k) override { return sim_.own_empty_at(k); }
  void post(CellIndex g) override {
    gather();
    sim_.place_cop(g);
    cops_.push_back(g);
  }

 private:
  void gather() {
    if (gathered_) return;
    cops_ = sim_.own_cops();
    gathered_ = true;
  }
  SynchronousSimulation& sim_;
  std::vector<CellIndex> cops_;
  bool gathered_ = false;
};

// The scenario's geometry, nothing placed; the public constructors fill it.
SynchronousSimulation::SynchronousSimulation(const Scenario& scenario, EmptyLattice /*tag*/)
    : Engine(scenario), threads_(scenario.threads), roster_(std::make_unique<Roster>(*this)) {
  // The largest team this model may lease is made now, before the lattice
  // is allocated: libgomp makes its threads at the first parallel region
  // and exits the process when it cannot ("Thread creation failed"), which
  // a model that has just taken the memory for its lattice under a tight
  // limit would meet with no clean report. Later regions reuse them. A
  // one-thread model makes none (a sweep's runs), so no idle team spins
  // beside it.
  const int team = threads_ > 0 ? threads_ : ThreadBudget::process().total();
  if (team > 1) {
    std::atomic<int> started{0};
#pragma omp parallel num_threads(team)
    started.fetch_add(1);
  }
}

SynchronousSimulation::~SynchronousSimulation() = default;

SynchronousSimulation::SynchronousSimulation(const Scenario& scenario)
    : SynchronousSimulation(scenario, EmptyLattice{}) {
  start_lattice(nullptr);
  place(initial_layout(scenario_, torus_, streams_));
  finish_start();
  start();
}

void SynchronousSimulation::start_lattice(const StripRegion* region) {
  if (region != nullptr) {
    strip_ = true;
    region_ = *region;
  }
  code_.assign(torus_.cell_count(), kEmpty);
  agent_.assign(torus_.cell_count(), Occupant{});
}

// Scratch after placement, whose temporary lists would otherwise add to the
// peak memory.
void SynchronousSimulation::finish_start() {
  claim_.assign(torus_.cell_count(), synchronous::kNoClaim);
}

// The agents of `layout` (the whole lattice's) on the cells this engine
// holds: all of them, or a strip's.
void SynchronousSimulation::place(const InitialLayout& layout) {
  for (std::size_t i = 0; i < layout.citizen_cells.size(); ++i) {
    if (!held(layout.citizen_cells[i])) continue;
    const CellIndex c = to_local(layout.citizen_cells[i]);
    const auto [h, r] = citizen_traits(streams_, static_cast<std::uint32_t>(i));
    code_[c] = kQuiet;
    agent_[c] = Occupant{static_cast<std::uint32_t>(i), h, r, 0};
  }
  citizens_ = layout.citizen_cells.size();
  for (std::size_t j = 0; j < layout.cop_cells.size(); ++j) {
    if (!held(layout.cop_cells[j])) continue;
    const CellIndex c = to_local(layout.cop_cells[j]);
    code_[c] = kCop;
    agent_[c].id = static_cast<std::uint32_t>(citizens_ + j);
  }
  initial_cops_ = layout.cop_cells.size();
  next_id_ = static_cast<std::uint32_t>(citizens_ + initial_cops_);
}

void SynchronousSimulation::activate() {
  if (scenario_.rules.order == TurnOrder::kMoveThenAct) {
    move_phase();
    act_phase();
  } else {
    act_phase();
    move_phase();
  }
  countdown_phase();
}

CopRoster& SynchronousSimulation::cop_roster() {
  roster_->reset();
  return *roster_;
}

void SynchronousSimulation::schedule_cops() {
  if (cop_schedule_) {
    cop_schedule_();
  } else {
    Engine::schedule_cops();
  }
}

TickCounts SynchronousSimulation::count_agents() const {
  // A strip counts its own rows only; the halos belong to its neighbours.
  const auto [own_first, own_end] = own_cells();
  const auto first = static_cast<std::int64_t>(own_first);
  const auto n = static_cast<std::int64_t>(own_end);
  std::uint64_t quiet = 0;
  std::uint64_t active = 0;
  std::uint64_t jailed = 0;
  std::uint64_t cops = 0;
  // Branch-free tallies: each code adds 1 to its own 16-bit field of one
  // 64-bit sum (a branch per cell would mispredict on a mixed lattice), over
  // blocks short enough that no field overflows.
  constexpr std::int64_t kBlock = 1 << 15;
  static constexpr std::array<std::uint64_t, 5> kField = {
      0, 1ULL, 1ULL << 16U, 1ULL << 32U, 1ULL << 48U};  // by code: quiet, active, cop, prisoner
  static_assert(kQuiet == 1 && kActive == 2 && kCop == 3 && kPrisoner == 4);
  const std::int64_t blocks = (n - first + kBlock - 1) / kBlock;
  const std::uint8_t* codes = code_.data();
#pragma omp parallel for num_threads(team_) schedule(static) \
    reduction(+ : quiet, active, jailed, cops)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::int64_t begin = first + b * kBlock;
    const std::int64_t end = std::min(n, begin + kBlock);
    std::uint64_t fields = 0;
    for (std::int64_t i = begin; i < end; ++i) fields += kField[codes[i]];
    quiet += fields & 0xFFFFU;
    active += (fields >> 16U) & 0xFFFFU;
    cops += (fields >> 32U) & 0xFFFFU;
    jailed += fields >> 48U;
  }
  TickCounts counts;
  counts.quiet = quiet;
  counts.active = active;
  std::uint64_t off_lattice = prisoners_.size();
  if (strip_) {
    off_lattice = static_cast<std::uint64_t>(std::ranges::count_if(
        prisoners_, [this](const Prisoner& p) { return owned(to_local(p.cell)); }));
  }
  counts.jailed = jailed + off_lattice;
  counts.cops = cops;
  return counts;
}

void SynchronousSimulation::export_citizens(std::span<CellIndex> cell,
                                            std::span<std::uint8_t> confined) const {
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
#pragma omp parallel for num_threads(team_) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint8_t code = code_[static_cast<std::size_t>(i)];
    if (!synchronous::is_citizen(code) && code != kPrisoner) continue;
    const std::uint32_t id = agent_[static_cast<std::size_t>(i)].id;
    cell[id] = static_cast<CellIndex>(i);
    confined[id] = code == kPrisoner ? 1 : 0;
  }
  for (const Prisoner& p : prisoners_) {
    cell[p.id] = p.cell;
    confined[p.id] = 1;
  }
}

void SynchronousSimulation::export_traits(std::span<float> hardship, std::span<float> risk) const {
  for (std::size_t c = 0; c < code_.size(); ++c) {
    if (!synchronous::is_citizen(code_[c]) && code_[c] != kPrisoner) continue;
    hardship[agent_[c].id] = agent_[c].hardship;
    risk[agent_[c].id] = agent_[c].risk_aversion;
  }
  for (const Prisoner& p : prisoners_) {
    hardship[p.id] = p.hardship;
    risk[p.id] = p.risk_aversion;
  }
}

void SynchronousSimulation::export_cops(std::vector<CellIndex>& cells) const {
  for (std::size_t c = 0; c < code_.size(); ++c) {
    if (code_[c] == kCop) cells.push_back(static_cast<CellIndex>(c));
  }
}

bool SynchronousSimulation::confine(std::uint32_t id, CellIndex cell, std::int32_t term,
                                    bool arrest) {
  if (cell >= code_.size() || !synchronous::is_citizen(code_[cell]) || agent_[cell].id != id)
    return false;
  if (arrest) ++arrests_this_tick_;
  if (scenario_.rules.jailed_block_cell) {
    code_[cell] = kPrisoner;
    agent_[cell].term = term;
  } else {
    prisoners_.push_back({id, cell, agent_[cell].hardship, agent_[cell].risk_aversion, term});
    code_[cell] = kEmpty;
  }
  return true;
}

void SynchronousSimulation::save_agents(CheckpointWriter& out) const {
  if (strip_) throw std::logic_error("a strip of a split simulation has no checkpoint of its own");
  put_state(out, code_, agent_, std::vector<Prisoner>(prisoners_.begin(), prisoners_.end()));
}

template <typename Codes, typename Agents>
void SynchronousSimulation::put_state(CheckpointWriter& out, const Codes& codes,
                                      const Agents& agents,
                                      const std::vector<Prisoner>& prisoners) const {
  out.put<std::uint64_t>(initial_cops_);
  out.put<std::uint64_t>(citizens_);
  out.put<std::uint32_t>(next_id_);
  out.put_vector(codes);
  // The agents of the occupied cells only: what an empty cell last held is
  // no state (and is neither saved nor hashed).
  std::vector<Occupant> occupants;
  for (std::size_t c = 0; c < codes.size(); ++c) {
    if (codes[c] != kEmpty) occupants.push_back(agents[c]);
  }
  out.put_vector(occupants);
  out.put<std::uint64_t>(prisoners.size());
  out.put_vector(prisoners);
}

// The rows a split simulation gathers for a checkpoint (strip.cpp).
template void SynchronousSimulation::put_state(CheckpointWriter&, const std::vector<std::uint8_t>&,
                                               const std::vector<Occupant>&,
                                               const std::vector<Prisoner>&) const;

SynchronousSimulation::SynchronousSimulation(const Scenario& scenario, CheckpointReader& in)
    : SynchronousSimulation(scenario, EmptyLattice{}) {
  const std::size_t n = torus_.cell_count();
  read_header(in);
  initial_cops_ = in.get<std::uint64_t>("the initial cop count");
  citizens_ = in.get<std::uint64_t>("the citizen count");
  next_id_ = in.get<std::uint32_t>("the next agent id");
  code_ = in.get_vector<std::uint8_t, HugePageAllocator<std::uint8_t>>("the cell codes", n);
  const auto occupied = static_cast<std::uint64_t>(
      n - static_cast<std::size_t>(std::count(code_.begin(), code_.end(), std::uint8_t{kEmpty})));
  const auto occupants = in.get_vector<Occupant>("the agents on cells", occupied);
  agent_.assign(n, Occupant{});
  for (std::size_t c = 0, k = 0; c < n; ++c) {
    if (code_[c] != kEmpty) agent_[c] = occupants[k++];
  }
  const auto n_prisoners = in.get<std::uint64_t>("the prisoner count");
  if (n_prisoners > citizens_) in.fail("holds more prisoners than citizens");
  const auto prisoners = in.get_vector<Prisoner>("the prisoners", n_prisoners);
  prisoners_.assign(prisoners.begin(), prisoners.end());
  std::uint64_t citizens = prisoners_.size();
  for (std::size_t c = 0; c < n; ++c) {
    if (code_[c] > kPrisoner) in.fail("holds a cell in an unknown state");
    if (code_[c] != kEmpty && agent_[c].id >= next_id_) in.fail("holds an agent id out of range");
    if ((synchronous::is_citizen(code_[c]) || code_[c] == kPrisoner) && agent_[c].id >= citizens_) {
      in.fail("holds a citizen id out of range");
    }
    if (code_[c] == kPrisoner && agent_[c].term < 0) in.fail("holds a negative jail term");
    citizens += (synchronous::is_citizen(code_[c]) || code_[c] == kPrisoner) ? 1U : 0U;
  }
  for (const Prisoner& p : prisoners_) {
    if (p.cell >= n || p.id >= citizens_ || p.term < 0) in.fail("holds a corrupt prisoner");
  }
  if (citizens != citizens_) in.fail("holds a citizen count that does not add up");
  finish_start();
  start(in);
}

void SynchronousSimulation::agent_cell_codes(std::span<std::uint8_t> out) const {
  // The engine's codes are the first five CellCodes; prisoners off the
  // lattice show on the cell of their arrest when nothing else is there.
  std::copy(code_.begin(), code_.end(), out.begin());
  for (const Prisoner& p : prisoners_) {
    const CellIndex c = to_local(p.cell);
    if (out[c] == kEmpty) out[c] = kPrisoner;
  }
}

ColumnData SynchronousSimulation::agent_column(const ColumnSpec& spec) const {
  // Agents are stored by cell: the columns are copies, by citizen id.
  const std::size_t n = citizens_;
  auto gather = [&](auto of_occupant, auto of_prisoner) {
    using T = decltype(of_occupant(Occupant{}, CellIndex{}));
    std::vector<T> out(n);
    for (std::size_t c = 0; c < code_.size(); ++c) {
      if (!synchronous::is_citizen(code_[c]) && code_[c] != kPrisoner) continue;
      out[agent_[c].id] = of_occupant(agent_[c], static_cast<CellIndex>(c));
    }
    for (const Prisoner& p : prisoners_) out[p.id] = of_prisoner(p);
    return out;
  };
  if (spec.name == "state") {
    return {spec, gather(
                      [this](const Occupant& /*a*/, CellIndex c) {
                        return code_[c] == kActive  ? AgentState::kActive
                               : code_[c] == kQuiet ? AgentState::kQuiet
                                                    : AgentState::kJailed;
                      },
                      [](const Prisoner& /*p*/) { return AgentState::kJailed; })};
  }
  if (spec.name == "cell") {
    return {spec, gather([](const Occupant& /*a*/, CellIndex c) { return c; },
                         [](const Prisoner& p) { return p.cell; })};
  }
  if (spec.name == "hardship") {
    return {spec, gather([](const Occupant& a, CellIndex /*c*/) { return a.hardship; },
                         [](const Prisoner& p) { return p.hardship; })};
  }
  if (spec.name == "risk_aversion") {
    return {spec, gather([](const Occupant& a, CellIndex /*c*/) { return a.risk_aversion; },
                         [](const Prisoner& p) { return p.risk_aversion; })};
  }
  throw std::logic_error("the synchronous engine has no column " + spec.name);
}

// A sum of one hash per occupied cell and per prisoner: independent of the
// order in which the parts are visited, so that pieces of the lattice held
// by different threads or processes can be hashed apart and added up.
std::uint64_t SynchronousSimulation::agents_hash() const {
  return shared_hash() + partial_hash();
}

// The tick and the counts a checkpoint holds besides the cells (every saved
// value is hashed): the same on every strip of a split simulation.
std::uint64_t SynchronousSimulation::shared_hash() const {
  const std::array<std::uint64_t, 3> counts = {initial_cops_, citizens_, next_id_};
  return fnv1a64(&tick_, sizeof tick_) + fnv1a64(counts.data(), sizeof counts);
}

std::uint64_t SynchronousSimulation::state_hash() const {
  if (strip_) throw std::logic_error("a strip's state hash is its split simulation's");
  return Engine::state_hash();
}

std::uint64_t SynchronousSimulation::partial_hash() const {
  struct CellRecord {
    std::uint64_t cell;  // whole-lattice index
    std::uint64_t code;
    Occupant agent;
  };
  std::uint64_t h = 0;
  for (std::size_t c = 0; c < code_.size(); ++c) {
    if (code_[c] == kEmpty) continue;  // what an empty cell last held is not state
    if (!owned(static_cast<CellIndex>(c))) continue;
    const CellRecord r{to_global(static_cast<CellIndex>(c)), code_[c], agent_[c]};
    h += fnv1a64(&r, sizeof r);
  }
  for (const Prisoner& p : prisoners_) {
    if (owned(to_local(p.cell))) h += fnv1a64(&p, sizeof p) ^ 0x5bd1e995U;
  }
  return h;
}

}  // namespace panopticon
