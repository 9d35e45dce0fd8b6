#include "panopticon/synchronous.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "panopticon/move_target.hpp"
#include "panopticon/placement.hpp"
#include "panopticon/population.hpp"
#include "panopticon/run_masks.hpp"

namespace panopticon {

namespace {

constexpr std::uint64_t kNoClaim = ~std::uint64_t{0};
constexpr std::uint64_t kLow32 = 0xFFFFFFFFULL;

bool is_citizen(std::uint8_t code) {
  return code == SynchronousSimulation::kQuiet || code == SynchronousSimulation::kActive;
}

// A claim key: a random priority in the high half, who claims in the low
// half, so keys are distinct and the lowest wins whatever the thread order.
// The priority only has to order a handful of claimants fairly, so it comes
// from the SplitMix64 finalizer of (seed, tick, id, kind) instead of a full
// Philox block: still a pure function of its coordinates, at a tenth of the
// cost.
std::uint64_t claim_key(std::uint64_t seed, std::uint32_t tick, std::uint32_t id,
                        std::uint32_t kind, std::uint32_t who) {
  std::uint64_t z = seed ^ ((std::uint64_t{tick} << 32U) | id) ^ (std::uint64_t{kind} << 61U);
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  z ^= z >> 31U;
  return (z & ~kLow32) | who;
}
enum ClaimKind : std::uint32_t { kArrestClaim = 1, kMoveClaim = 2, kReturnClaim = 3 };

}  // namespace

// The scenario's geometry, nothing placed; the public constructors fill it.
SynchronousSimulation::SynchronousSimulation(const Scenario& scenario, EmptyLattice /*tag*/)
    : ModelCore(scenario),
      scenario_(scenario),
      threads_(scenario.threads > 0 ? scenario.threads : omp_get_num_procs()) {}

SynchronousSimulation::SynchronousSimulation(const Scenario& scenario)
    : SynchronousSimulation(scenario, EmptyLattice{}) {
  start_lattice(nullptr);
  place(initial_layout(scenario_, torus_, streams_));
  finish_start();
}

SynchronousSimulation::SynchronousSimulation(const Scenario& local, const StripRegion& region,
                                             const InitialLayout& layout)
    : SynchronousSimulation(local, EmptyLattice{}) {
  start_lattice(&region);
  place(layout);
  finish_start();
}

SynchronousSimulation::SynchronousSimulation(const Scenario& local, const StripRegion& region,
                                             const SynchronousSimulation& whole,
                                             std::uint64_t arrests)
    : SynchronousSimulation(local, EmptyLattice{}) {
  start_lattice(&region);
  for (CellIndex c = 0; c < torus_.cell_count(); ++c) {
    const CellIndex g = to_global(c);
    code_[c] = whole.code_[g];
    agent_[c] = whole.agent_[g];
  }
  for (const Prisoner& p : whole.prisoners_) {
    if (held(p.cell)) prisoners_.push_back(p);
  }
  tick_ = whole.tick_;
  arrests_this_tick_ = arrests;
  initial_cops_ = whole.initial_cops_;
  citizens_ = whole.citizens_;
  next_id_ = whole.next_id_;
  finish_start();
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
// peak memory. A strip runs no compliance layer (distributed.hpp); an engine
// loaded from a checkpoint reads the layer's state from its rest.
void SynchronousSimulation::finish_start(CheckpointReader* in) {
  claim_.assign(torus_.cell_count(), kNoClaim);
  legitimacy_ = scenario_.legitimacy.value_at(tick_);
  if (!strip_) start_compliance();
  if (in != nullptr) {
    if (compliance_) compliance_->load(*in);
    in->expect_end();
  }
  count();
}

std::pair<std::size_t, std::size_t> SynchronousSimulation::own_cells() const {
  if (!strip_) return {0, code_.size()};
  const std::size_t w = torus_.width();
  return {region_.own_first * w, (region_.own_first + region_.own_rows) * w};
}

std::vector<CellIndex> SynchronousSimulation::own_cops() const {
  std::vector<CellIndex> cops;
  const auto [first, end] = own_cells();
  for (std::size_t c = first; c < end; ++c) {
    if (code_[c] == kCop) cops.push_back(to_global(static_cast<CellIndex>(c)));
  }
  return cops;
}

bool SynchronousSimulation::own_empty(CellIndex g) const {
  if (!held(g)) return false;
  const CellIndex c = to_local(g);
  return owned(c) && code_[c] == kEmpty;
}

std::uint64_t SynchronousSimulation::own_empties() const {
  const auto [first, end] = own_cells();
  return static_cast<std::uint64_t>(std::count(code_.begin() + static_cast<std::ptrdiff_t>(first),
                                               code_.begin() + static_cast<std::ptrdiff_t>(end),
                                               std::uint8_t{kEmpty}));
}

CellIndex SynchronousSimulation::own_empty_at(std::uint64_t k) const {
  const auto [first, end] = own_cells();
  for (std::size_t c = first; c < end; ++c) {
    if (code_[c] == kEmpty && k-- == 0) return to_global(static_cast<CellIndex>(c));
  }
  throw std::logic_error("own_empty_at: no such empty cell");
}

void SynchronousSimulation::remove_cop(CellIndex g) {
  if (held(g) && code_[to_local(g)] == kCop) code_[to_local(g)] = kEmpty;
}

void SynchronousSimulation::place_cop(CellIndex g) {
  const std::uint32_t id = next_id_++;
  if (!held(g)) return;
  code_[to_local(g)] = kCop;
  agent_[to_local(g)].id = id;
}

SynchronousSimulation::Rows SynchronousSimulation::pack_rows(std::uint32_t local_first,
                                                             std::uint32_t count) const {
  const std::size_t w = torus_.width();
  const std::size_t begin = local_first * w;
  const std::size_t end = begin + count * w;
  Rows rows;
  rows.codes.assign(code_.begin() + static_cast<std::ptrdiff_t>(begin),
                    code_.begin() + static_cast<std::ptrdiff_t>(end));
  rows.agents.assign(agent_.begin() + static_cast<std::ptrdiff_t>(begin),
                     agent_.begin() + static_cast<std::ptrdiff_t>(end));
  for (const Prisoner& p : prisoners_) {
    const CellIndex c = to_local(p.cell);
    if (c >= begin && c < end) rows.prisoners.push_back(p);
  }
  return rows;
}

void SynchronousSimulation::unpack_rows(std::uint32_t local_first, const Rows& rows) {
  const std::size_t w = torus_.width();
  const std::size_t begin = local_first * w;
  const std::size_t end = begin + rows.codes.size();
  std::copy(rows.codes.begin(), rows.codes.end(),
            code_.begin() + static_cast<std::ptrdiff_t>(begin));
  std::copy(rows.agents.begin(), rows.agents.end(),
            agent_.begin() + static_cast<std::ptrdiff_t>(begin));
  auto kept = prisoners_.begin();
  for (const Prisoner& p : prisoners_) {
    const CellIndex c = to_local(p.cell);
    if (c >= begin && c < end) continue;  // replaced by the owner's copy
    *kept++ = p;
  }
  prisoners_.erase(kept, prisoners_.end());
  prisoners_.insert(prisoners_.end(), rows.prisoners.begin(), rows.prisoners.end());
}

void SynchronousSimulation::start_compliance() {
  compliance_ = Compliance::start(scenario_, torus_, citizen_vision_, streams_,
                                  static_cast<std::uint32_t>(citizens_),
                                  static_cast<const EngineAccess&>(*this));
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

void SynchronousSimulation::step() {
  ++tick_;
  arrests_this_tick_ = 0;
  legitimacy_ = scenario_.legitimacy.value_at(tick_);
  if (cop_schedule_) {
    cop_schedule_();
  } else {
    adjust_cops();
  }
  if (compliance_) compliance_->begin_tick(tick_, legitimacy_);
  if (scenario_.rules.order == TurnOrder::kMoveThenAct) {
    move_phase();
    act_phase();
  } else {
    act_phase();
    move_phase();
  }
  countdown_phase();
  if (compliance_) compliance_->end_tick(*this);
  count();
}

bool SynchronousSimulation::claim(CellIndex cell, std::uint64_t key) {
  if (threads_ == 1) {  // the same minimum without the cost of a locked instruction
    if (key >= claim_[cell]) return false;
    claim_[cell] = key;
    return true;
  }
  std::atomic_ref<std::uint64_t> slot(claim_[cell]);
  std::uint64_t seen = slot.load(std::memory_order_relaxed);
  while (key < seen) {
    if (slot.compare_exchange_weak(seen, key, std::memory_order_relaxed)) return true;
  }
  return false;
}

void SynchronousSimulation::move_agent(CellIndex from, CellIndex to) {
  code_[to] = code_[from];
  agent_[to] = agent_[from];
  code_[from] = kEmpty;
}

void SynchronousSimulation::adjust_cops() {
  if (scenario_.cop_density.kind == ScheduleKind::kConstant) return;  // the common case
  run_cop_schedule(
      CopScheduleAccess{[this] { return own_cops(); }, [this](CellIndex g) { return own_empty(g); },
                        [this] { return own_empties(); },
                        [this](std::uint64_t k) { return own_empty_at(k); }},
      counts_.cops);
}

// Cops withdrawn at random among those on duty, new ones on random empty
// cells (a search of every empty cell when 64 draws miss). One process and
// the strips of a split simulation share it; `access` says where the cops
// and the empty cells are.
void SynchronousSimulation::run_cop_schedule(const CopScheduleAccess& access,
                                             std::uint64_t cops_on_duty) {
  const Schedule& sched = scenario_.cop_density;
  if (sched.kind == ScheduleKind::kConstant) return;
  const std::uint64_t cells = static_cast<std::uint64_t>(torus_.width()) *
                              (strip_ ? region_.global_height : torus_.height());
  const std::int64_t target = scheduled_cops(sched, tick_, initial_cops_, cells);
  if (target == static_cast<std::int64_t>(cops_on_duty)) return;
  std::vector<CellIndex> cops = access.cops();
  Draws draws(streams_, Purpose::kCopSchedule, static_cast<std::uint32_t>(tick_), 0);
  while (static_cast<std::int64_t>(cops.size()) > target) {
    const std::uint32_t i = draws.next_below(static_cast<std::uint32_t>(cops.size()));
    remove_cop(cops[i]);
    cops[i] = cops.back();
    cops.pop_back();
  }
  const auto n = static_cast<CellIndex>(cells);
  while (static_cast<std::int64_t>(cops.size()) < target) {
    std::optional<CellIndex> where;
    for (int attempt = 0; attempt < 64 && !where; ++attempt) {
      const CellIndex c = draws.next_below(n);
      if (access.empty(c)) where = c;
    }
    if (!where) {
      const std::uint64_t empties = access.empties();
      if (empties == 0) break;
      where = access.empty_at(draws.next_below(static_cast<std::uint32_t>(empties)));
    }
    place_cop(*where);
    cops.push_back(*where);
  }
}

namespace {

// Row prefix sums for one thread's band of rows [y0, y1), walked in order,
// packed: cops in the low half, actives in the high half (both halves only
// grow along a row, so subtracting packed sums never borrows across them):
// (width + 1) sums per row, for the band's rows a ring of 2 reach + 1 that
// stays just ahead of the walk, and the reach rows above and below the band,
// which other threads may change, summed before anyone does. Rows are named
// unwrapped, y0 - reach .. y1 + reach - 1. A few rows per thread replace a
// prefix sum of the whole lattice (4 bytes per cell).
class BandSums {
 public:
  BandSums(const std::uint8_t* code, int width, int height, int reach, int y0, int y1)
      : code_(code),
        w_(width),
        h_(height),
        reach_(reach),
        y0_(y0),
        y1_(y1),
        ring_(2 * reach + 1),
        sums_(static_cast<std::size_t>(2 * reach + ring_) * static_cast<std::size_t>(width + 1)) {}

  void sum_margins() {
    for (int r = y0_ - reach_; r < y0_; ++r) sum_row(r);
    for (int r = y1_; r < y1_ + reach_; ++r) sum_row(r);
  }
  void sum_band_start() {
    for (int r = y0_; r < std::min(y1_, y0_ + reach_); ++r) sum_row(r);
  }
  // Before row y is visited: its disk's last band row, if not yet summed.
  void advance(int y) {
    if (y + reach_ < y1_) sum_row(y + reach_);
  }
  const std::uint32_t* row(int r) const { return &sums_[slot(r)]; }

 private:
  std::size_t slot(int r) const {
    int s = 0;
    if (r < y0_) {
      s = r - (y0_ - reach_);
    } else if (r >= y1_) {
      s = reach_ + (r - y1_);
    } else {
      s = 2 * reach_ + (r - y0_) % ring_;
    }
    return static_cast<std::size_t>(s) * static_cast<std::size_t>(w_ + 1);
  }
  void sum_row(int r) {
    int y = r % h_;
    y += y < 0 ? h_ : 0;
    const std::uint8_t* cells = code_ + static_cast<std::size_t>(y) * static_cast<std::size_t>(w_);
    std::uint32_t* out = &sums_[slot(r)];
    // Cops in the low half, actives in the high half, by table: a compare
    // per cell would branch, and mispredict, on a mixed lattice.
    static constexpr std::array<std::uint32_t, 5> kPacked = {0, 0, 1U << 16U, 1U, 0};
    static_assert(SynchronousSimulation::kActive == 2 && SynchronousSimulation::kCop == 3);
    std::uint32_t sum = 0;
    out[0] = 0;
    for (int x = 0; x < w_; ++x) {
      sum += kPacked[cells[x]];
      out[x + 1] = sum;
    }
  }

  const std::uint8_t* code_;
  int w_;
  int h_;
  int reach_;
  int y0_;
  int y1_;
  int ring_;
  std::vector<std::uint32_t> sums_;
};

}  // namespace

// The prefix rows of a disk around the cells of one row.
struct SynchronousSimulation::RowView {
  std::span<const Neighbourhood::Run> runs;  // the disk, row by row
  int reach;
  std::vector<const std::uint32_t*> rows;  // one per row of the disk
  // rows[i] shifted by the row's half width, for cells away from the edges:
  // the count of row i around x is upper[i][x] - lower[i][x].
  std::vector<const std::uint32_t*> lower;
  std::vector<const std::uint32_t*> upper;
  int width;

  void set_row(std::size_t i, const std::uint32_t* row) {
    const int half = runs[i].half_width;
    rows[i] = row;
    lower[i] = row - half;
    upper[i] = row + half + 1;
  }
  std::uint32_t count(int x) const {
    std::uint32_t sum = 0;
    const std::size_t n = rows.size();
    if (x >= reach && x + reach < width) {  // no wrap: two reads a row
      for (std::size_t i = 0; i < n; ++i) sum += upper[i][x] - lower[i][x];
      return sum;
    }
    for (std::size_t i = 0; i < n; ++i) sum += row_run_sum(rows[i], width, x, runs[i].half_width);
    return sum;
  }
  // count(x) for every cell of the row: disk row by disk row along
  // contiguous prefix sums, which vectorizes, away from the edges.
  const std::uint32_t* count_all(std::vector<std::uint32_t>& counts) const {
    const auto w = static_cast<std::uint32_t>(width);
    const auto r = static_cast<std::uint32_t>(reach);
    counts.assign(w, 0);
    std::uint32_t* __restrict out = counts.data();
    if (w <= 2 * r) {
      for (std::uint32_t x = 0; x < w; ++x) out[x] = count(static_cast<int>(x));
      return out;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t* __restrict low = lower[i];
      const std::uint32_t* __restrict up = upper[i];
      for (std::uint32_t x = r; x < w - r; ++x) out[x] += up[x] - low[x];
    }
    for (std::uint32_t x = 0; x < r; ++x) {
      out[x] = count(static_cast<int>(x));
      out[w - 1 - x] = count(static_cast<int>(w - 1 - x));
    }
    return out;
  }
};

template <typename VisitRow>
void SynchronousSimulation::for_each_row_with_counts(const Neighbourhood& disk,
                                                     VisitRow&& visit_row) {
  const auto w = static_cast<int>(torus_.width());
  const auto h = static_cast<int>(torus_.height());
#pragma omp parallel num_threads(threads_)
  {
    const int threads = omp_get_num_threads();
    const int t = omp_get_thread_num();
    const int y0 = static_cast<int>(static_cast<std::int64_t>(h) * t / threads);
    const int y1 = static_cast<int>(static_cast<std::int64_t>(h) * (t + 1) / threads);
    BandSums sums(code_.data(), w, h, disk.reach(), y0, y1);
    sums.sum_margins();
    sums.sum_band_start();
#pragma omp barrier
    const std::span<const Neighbourhood::Run> runs = disk.runs();
    RowView view{runs,
                 disk.reach(),
                 std::vector<const std::uint32_t*>(runs.size()),
                 std::vector<const std::uint32_t*>(runs.size()),
                 std::vector<const std::uint32_t*>(runs.size()),
                 w};
    for (int y = y0; y < y1; ++y) {
      sums.advance(y);
      for (std::size_t i = 0; i < runs.size(); ++i) view.set_row(i, sums.row(y + runs[i].dy));
      visit_row(static_cast<CellIndex>(static_cast<std::size_t>(y) * w), view);
    }
  }
}

void SynchronousSimulation::decide_row(CellIndex row_start, const RowView& view,
                                       RowScratch& scratch) {
  const auto w = static_cast<std::uint32_t>(torus_.width());
  const double threshold = scenario_.threshold;
  const double discount = 1.0 - legitimacy_;
  scratch.unsettled.resize(w);
  scratch.pending.resize(w);
  std::uint8_t* __restrict code = code_.data() + row_start;
  const Occupant* __restrict agent = agent_.data() + row_start;
  std::uint8_t* __restrict unsettled = scratch.unsettled.data();
  // Whatever P in [0, 1], G - R P lies in [G - R, G], and floating-point
  // subtraction and product are monotone: a citizen with G <= T is quiet and
  // one with G - R > T active, as decide_from_counts() would find, and only
  // the others need the counts. This pass has no branch and no dependence
  // between cells, so it vectorizes.
  for (std::uint32_t x = 0; x < w; ++x) {
    const std::uint8_t was = code[x];
    const double g = static_cast<double>(agent[x].hardship) * discount;
    const auto r = static_cast<double>(agent[x].risk_aversion);
    const bool citizen = static_cast<std::uint8_t>(was - kQuiet) <= kActive - kQuiet;
    const bool quiet = g <= threshold;
    const bool active = g - r > threshold;
    // Bitwise, not logical, operators on the flags: a short circuit would be
    // a branch, and the loop would not vectorize.
    // NOLINTNEXTLINE(readability-implicit-bool-conversion)
    const bool settled = citizen & (quiet | active);
    const std::uint8_t decided = active ? std::uint8_t{kActive} : std::uint8_t{kQuiet};
    code[x] = settled ? decided : was;
    // NOLINTNEXTLINE(readability-implicit-bool-conversion)
    unsettled[x] = static_cast<std::uint8_t>(citizen & !(quiet | active));
  }
  std::uint32_t* __restrict pending = scratch.pending.data();
  std::size_t count = 0;
  for (std::uint32_t x = 0; x < w; ++x) {
    pending[count] = x;
    count += unsettled[x];
  }
  if (count == 0) return;
  // The others need the cops and actives around them.
  const std::uint32_t* counts = view.count_all(scratch.counts);
  for (std::size_t k = 0; k < count; ++k) {
    decide_from_counts(row_start + pending[k], counts[pending[k]]);
  }
}

void SynchronousSimulation::decide_with_layer(CellIndex c, std::uint32_t both) {
  const bool active = code_[c] == kActive;
  const std::uint32_t others = (both >> 16U) - (active ? 1U : 0U);
  const bool twice = scenario_.rules.self_count == SelfCount::kTwiceIfActive && active;
  const std::uint32_t a = 1U + others + (twice ? 1U : 0U);
  const double p = arrest_probability_(both & 0xFFFFU, a);
  const std::uint32_t id = agent_[c].id;
  const Behaviour b = compliance_->decide(id, c, p, scenario_.threshold);
  compliance_->set_behaviour(id, b);
  code_[c] = b == Behaviour::kActive ? kActive : kQuiet;
}

void SynchronousSimulation::decide(CellIndex c, std::uint32_t both) {
  if (compliance_) {
    decide_with_layer(c, both);
  } else {
    decide_from_counts(c, both);
  }
}

// Rule A, G - R P > T, with the cops and actives in the citizen's vision
// (packed: cops in the low half).
void SynchronousSimulation::decide_from_counts(CellIndex c, std::uint32_t both) {
  const bool active = code_[c] == kActive;
  const double grievance = static_cast<double>(agent_[c].hardship) * (1.0 - legitimacy_);
  const auto risk = static_cast<double>(agent_[c].risk_aversion);
  const std::uint32_t cops = both & 0xFFFFU;
  // The own cell holds this citizen only: every other active in the disk is
  // someone else, whether or not the shape includes the own cell.
  const std::uint32_t others = (both >> 16U) - (active ? 1U : 0U);
  const bool twice = scenario_.rules.self_count == SelfCount::kTwiceIfActive && active;
  const std::uint32_t a = 1U + others + (twice ? 1U : 0U);
  const double p = arrest_probability_(cops, a);
  const bool now_active = grievance - risk * p > scenario_.threshold;
  code_[c] = now_active ? kActive : kQuiet;
}

std::int32_t SynchronousSimulation::draw_jail_term(std::uint32_t id) const {
  const double j_max = scenario_.max_jail_term;
  if (std::isinf(j_max)) return kLifeTerm;
  const auto j = static_cast<std::uint32_t>(j_max);
  Draws draws(streams_, Purpose::kJailTerm, static_cast<std::uint32_t>(tick_), id);
  if (scenario_.rules.jail_term_range == JailTermRange::kBelowMax) {
    return j == 0 ? 0 : static_cast<std::int32_t>(draws.next_below(j));
  }
  return static_cast<std::int32_t>(draws.next_below(j + 1));
}

void SynchronousSimulation::act_phase() {
  const bool own_activation = scenario_.rules.jail_countdown == JailCountdown::kOwnActivation;
  const auto tick = static_cast<std::uint32_t>(tick_);

  // Rule A: decisions count cops and actives as the lattice was before any
  // decision, so each cell is its own.
  const auto width = torus_.width();
  for_each_row_with_counts(citizen_vision_, [&](CellIndex row_start, const RowView& view) {
    thread_local RowScratch scratch;
    if (!compliance_ && !own_activation) {
      decide_row(row_start, view, scratch);
      return;
    }
    // The counts are of the prefix sums taken before the row was visited,
    // so counting the whole row first sees what counting each cell would.
    const std::uint32_t* counts = view.count_all(scratch.counts);
    for (std::uint32_t x = 0; x < width; ++x) {
      const CellIndex c = row_start + x;
      const std::uint8_t code = code_[c];
      if (is_citizen(code)) {
        decide(c, counts[x]);
      } else if (code == kPrisoner && own_activation) {
        if (agent_[c].term > 0) {
          if (agent_[c].term != kLifeTerm) --agent_[c].term;
        } else {
          code_[c] = kQuiet;  // Mesa: the activation that finds the term at 0 acts
          decide(c, counts[x]);
        }
      }
    }
  });

  // Rule C: every cop picks one active in vision and claims it, from the
  // lattice as the decisions left it; the chosen active is found row by row
  // (rows in the shape's order, cells left to right). Cops are few, so each
  // reads its own disk (RunMasks) rather than every cell being counted.
  // The cells claimed are listed per thread.
  std::vector<std::vector<CellIndex>> claimed(static_cast<std::size_t>(threads_));
  const auto w = torus_.width();
  const auto h = torus_.height();
  const std::uint8_t* __restrict code = code_.data();
#pragma omp parallel num_threads(threads_)
  {
    std::vector<CellIndex>& mine = claimed[static_cast<std::size_t>(omp_get_thread_num())];
    RunMasks masks(cop_vision_, code, w, h);
    // The cops of a row are listed, and their records (whose id keys the
    // draws; far apart in a large lattice, so not in the cache) fetched, a
    // row before they pick; their picks are fetched before they claim.
    std::vector<std::uint32_t> cops_here(w);
    std::vector<std::uint32_t> cops_next(w);
    std::vector<std::pair<CellIndex, std::uint64_t>> picks;
    const auto list_cops = [&](std::int64_t y, std::vector<std::uint32_t>& xs) {
      const std::uint8_t* row = code + static_cast<std::size_t>(y) * w;
      std::size_t count = 0;
      for (std::uint32_t x = 0; x < w; ++x) {
        xs[count] = x;
        count += row[x] == kCop ? 1U : 0U;
      }
      for (std::size_t k = 0; k < count; ++k) {
        __builtin_prefetch(&agent_[static_cast<std::size_t>(y) * w + xs[k]]);
      }
      return count;
    };
    bool first = true;
    std::size_t next_count = 0;
#pragma omp for schedule(static)
    for (std::int64_t y = 0; y < static_cast<std::int64_t>(h); ++y) {
      std::size_t count = 0;
      if (first) {
        count = list_cops(y, cops_here);
        first = false;
      } else {
        std::swap(cops_here, cops_next);
        count = next_count;
      }
      if (y + 1 < static_cast<std::int64_t>(h)) next_count = list_cops(y + 1, cops_next);
      const auto row_start = static_cast<CellIndex>(y) * w;
      picks.clear();
      for (std::size_t k = 0; k < count; ++k) {
        const std::uint32_t x = cops_here[k];
        const std::uint32_t total = masks.read(x, static_cast<std::uint32_t>(y), kActive);
        if (total == 0) continue;
        const CellIndex c = row_start + x;
        Draws draws(streams_, Purpose::kArrest, tick, agent_[c].id);
        const CellIndex s = masks.nth(draws.next_below(total));
        __builtin_prefetch(&claim_[s], 1);
        picks.emplace_back(
            s, claim_key(streams_.seed(), tick, agent_[c].id, kArrestClaim, to_global(c)));
      }
      for (const auto& [s, key] : picks) {
        claim(s, key);
        mine.push_back(s);
      }
    }
    std::sort(mine.begin(), mine.end());
  }
  // The threads' sorted lists merged (a merge is linear; a sort of the lot
  // would be the longest step that runs on one core).
  std::vector<CellIndex> targets;
  for (const auto& part : claimed) {
    const auto sorted = static_cast<std::ptrdiff_t>(targets.size());
    targets.insert(targets.end(), part.begin(), part.end());
    std::inplace_merge(targets.begin(), targets.begin() + sorted, targets.end());
  }
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());

  // Winners arrest, in cell order. Prisoners leaving the lattice are
  // gathered per thread; the static schedule hands each thread one
  // contiguous range of the sorted targets in thread order, so joining the
  // buffers in thread order lists them in cell order whatever the thread
  // count.
  const bool block = scenario_.rules.jailed_block_cell;
  const bool end_of_tick = scenario_.rules.jail_countdown == JailCountdown::kEndOfTick;
  const bool step_onto = scenario_.rules.cop_steps_onto_arrestee;
  std::vector<std::vector<Prisoner>> leaving(static_cast<std::size_t>(threads_));
  std::vector<std::vector<std::pair<std::uint32_t, CellIndex>>> arrested(
      static_cast<std::size_t>(threads_));
  std::uint64_t arrests = 0;
  const auto n_targets = static_cast<std::int64_t>(targets.size());
#pragma omp parallel num_threads(threads_) reduction(+ : arrests)
  {
    std::vector<Prisoner>& mine = leaving[static_cast<std::size_t>(omp_get_thread_num())];
    auto& noted = arrested[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n_targets; ++i) {
      constexpr std::int64_t kAhead = 8;  // arrestees are scattered: fetch them early
      if (i + kAhead < n_targets) {
        const CellIndex ahead = targets[static_cast<std::size_t>(i + kAhead)];
        __builtin_prefetch(&agent_[ahead], 1);
        __builtin_prefetch(&claim_[ahead], 1);
        __builtin_prefetch(&code_[ahead], 1);
      }
      const CellIndex s = targets[static_cast<std::size_t>(i)];
      const CellIndex cop = to_local(static_cast<CellIndex>(claim_[s] & kLow32));
      claim_[s] = kNoClaim;
      if (owned(s)) ++arrests;  // a strip counts the arrests on its own rows
      if (compliance_) noted.emplace_back(agent_[s].id, s);
      const std::int32_t term = draw_jail_term(agent_[s].id);
      if (end_of_tick && term == 0) {
        code_[s] = kQuiet;  // NetLogo: a term of 0 is no jail at all
      } else if (block) {
        code_[s] = kPrisoner;
        agent_[s].term = term;
      } else {
        mine.push_back(
            {agent_[s].id, to_global(s), agent_[s].hardship, agent_[s].risk_aversion, term});
        code_[s] = kEmpty;
      }
      if (step_onto && code_[s] == kEmpty) move_agent(cop, s);
    }
  }
  arrests_this_tick_ += arrests;
  for (const auto& part : leaving) prisoners_.insert(prisoners_.end(), part.begin(), part.end());
  if (compliance_) {
    for (const auto& part : arrested) {
      for (const auto& [id, cell] : part) compliance_->note_arrest(id, cell);
    }
  }
}

CellIndex SynchronousSimulation::propose_move(CellIndex c, std::uint32_t x, std::uint32_t y,
                                              const std::array<std::uint32_t, 4>& first_block,
                                              int first_round) {
  const std::uint8_t* __restrict code = code_.data();
  const Neighbourhood& nb = code[c] == kCop ? cop_vision_ : citizen_vision_;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), agent_[c].id,
              first_block);
  for (int round = 0; round < first_round; ++round) draws.next_four();
  const auto target = random_empty_cell(
      nb, c, x, y, draws, [code](CellIndex t) { return code[t] == kEmpty; }, first_round);
  return target ? *target : kNoTarget;
}

void SynchronousSimulation::move_phase() {
  const bool citizens_move = scenario_.movement;
  const bool cops_move = scenario_.movement || !scenario_.rules.movement_applies_to_cops;
  if (!citizens_move && !cops_move) return;
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
  const auto tick = static_cast<std::uint32_t>(tick_);
  // Raw pointers: a store through a byte pointer may alias anything, so
  // through the members every cell's iteration would reload them.
  std::uint8_t* __restrict code = code_.data();
  Occupant* __restrict agent = agent_.data();
  std::uint64_t* __restrict claims = claim_.data();

  // Proposals read the lattice as the previous phase left it; only claims
  // are written. Cells go in chunks, so that the first move block of every
  // mover in a chunk is computed at once (RandomStreams::first_blocks).
  constexpr std::int64_t kChunk = 64;
  const std::int64_t chunks = (n + kChunk - 1) / kChunk;
  const std::uint32_t width = torus_.width();
  // Who moves, by code (empty, quiet, active, cop, prisoner).
  const std::array<std::size_t, 5> moves = {0, citizens_move ? 1U : 0U, citizens_move ? 1U : 0U,
                                            cops_move ? 1U : 0U, 0};
#pragma omp parallel for num_threads(threads_) schedule(static)
  for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
    std::array<CellIndex, kChunk> movers{};
    std::array<std::uint16_t, kChunk> xs{};
    std::array<std::uint32_t, kChunk> ys{};
    std::array<std::uint32_t, kChunk> ids{};
    std::array<std::array<std::uint32_t, 4>, kChunk> blocks{};
    std::size_t count = 0;
    const std::int64_t end = std::min(n, (chunk + 1) * kChunk);
    // Coordinates by stepping along the rows, not by dividing each index.
    std::uint32_t x = static_cast<std::uint32_t>(chunk * kChunk) % width;
    auto y = static_cast<std::uint32_t>(chunk * kChunk / width);
    for (std::int64_t i = chunk * kChunk; i < end; ++i) {
      const auto c = static_cast<CellIndex>(i);
      // Written for every cell, kept for movers: no branch on the code.
      movers[count] = c;
      xs[count] = static_cast<std::uint16_t>(x);
      ys[count] = y;
      ids[count] = agent[c].id;
      count += moves[code[c]];
      if (++x == width) {
        x = 0;
        ++y;
      }
    }
    streams_.first_blocks(kCoreStream, Purpose::kMove, tick, ids.data(), count, blocks.data());
    // Targets first, claims after: the claims land up to a vision radius of
    // rows away, so fetching their cache lines for the whole chunk at once
    // overlaps the misses instead of taking them one after another.
    // The first round of random_empty_cell() for movers away from the
    // lattice's edges, inline and without a branch on what it finds; the
    // others, and those it leaves without a target, go the whole way.
    std::array<CellIndex, kChunk> targets{};
    std::array<std::uint8_t, kChunk> unsettled{};
    std::array<std::uint8_t, kChunk> rounds_tried{};
    std::size_t n_unsettled = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const CellIndex c = movers[k];
      const Neighbourhood& nb = code[c] == kCop ? cop_vision_ : citizen_vision_;
      const bool interior = nb.size() != 0 && nb.interior(xs[k], ys[k]);
      std::array<CellIndex, 4> candidate{};
      const std::uint32_t found =
          interior ? try_four_cells(
                         blocks[k], nb,
                         [&](std::size_t i) {
                           return static_cast<CellIndex>(static_cast<std::int64_t>(c) +
                                                         nb.linear_offset(i));
                         },
                         [code](CellIndex t) { return code[t] == kEmpty; }, candidate)
                   : 0U;
      targets[k] = candidate[static_cast<std::size_t>(std::countr_zero(found | 16U)) & 3U];
      if (found != 0) __builtin_prefetch(&claims[targets[k]], 1);
      unsettled[n_unsettled] = static_cast<std::uint8_t>(k);
      rounds_tried[n_unsettled] = interior ? 1U : 0U;
      n_unsettled += found == 0 ? 1U : 0U;
    }
    for (std::size_t j = 0; j < n_unsettled; ++j) {
      const std::size_t k = unsettled[j];
      targets[k] = propose_move(movers[k], xs[k], ys[k], blocks[k], rounds_tried[j]);
      if (targets[k] != kNoTarget) __builtin_prefetch(&claims[targets[k]], 1);
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (targets[k] == kNoTarget) continue;
      claim(targets[k], claim_key(streams_.seed(), tick, ids[k], kMoveClaim, to_global(movers[k])));
    }
  }

  // Winners move. A target was empty and a source occupied, so no cell is
  // both, and every source has one mover: each move owns its cells, and the
  // order of moves does not matter. A block of cells at a time, the claimed
  // ones are listed without a branch (whether a cell is claimed is a coin
  // toss the branch predictor would lose), then moved; sources lie up to a
  // vision radius of rows away, beyond the cache on large lattices, so they
  // are fetched a few moves early.
  constexpr std::int64_t kBlock = 256;
  constexpr std::size_t kAhead = 24;
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  std::uint64_t migrations = 0;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(+ : migrations)
  for (std::int64_t b = 0; b < blocks; ++b) {
    std::array<CellIndex, kBlock> claimed{};
    std::size_t count = 0;
    const std::int64_t end = std::min(n, (b + 1) * kBlock);
    for (std::int64_t i = b * kBlock; i < end; ++i) {
      claimed[count] = static_cast<CellIndex>(i);
      count += claims[i] != kNoClaim ? 1U : 0U;
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (k + kAhead < count) {
        const CellIndex source =
            to_local(static_cast<CellIndex>(claims[claimed[k + kAhead]] & kLow32));
        __builtin_prefetch(&agent[source]);
        __builtin_prefetch(&code[source], 1);
      }
      const CellIndex t = claimed[k];
      const CellIndex from = to_local(static_cast<CellIndex>(claims[t] & kLow32));
      claims[t] = kNoClaim;
      if (strip_ && owned(t) && !owned(from) && is_citizen(code[from])) ++migrations;
      code[t] = code[from];
      agent[t] = agent[from];
      code[from] = kEmpty;
    }
  }
  migrations_ += migrations;
}

void SynchronousSimulation::countdown_phase() {
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
  // Only prisoners that block their cell are on the lattice.
  if (scenario_.rules.jail_countdown == JailCountdown::kEndOfTick &&
      scenario_.rules.jailed_block_cell) {
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      const auto c = static_cast<CellIndex>(i);
      if (code_[c] != kPrisoner || agent_[c].term == kLifeTerm) continue;
      if (--agent_[c].term <= 0) {
        agent_[c].term = 0;
        code_[c] = kQuiet;
      }
    }
  }
  if (prisoners_.empty()) return;
  // Off-lattice prisoners count down at the end of every tick and, once
  // free, claim their cell if it is empty; the losers wait and try again.
  // Each thread walks its part of the list with an iterator: indexing a
  // deque divides.
  const auto tick = static_cast<std::uint32_t>(tick_);
  const auto np = static_cast<std::int64_t>(prisoners_.size());
  std::vector<std::ptrdiff_t> kept_in_part(static_cast<std::size_t>(threads_), 0);
  std::int64_t parts = 1;  // the threads the runtime gave
#pragma omp parallel num_threads(threads_)
  {
    const std::int64_t threads = omp_get_num_threads();
    const std::int64_t t = omp_get_thread_num();
    const std::int64_t first = np * t / threads;
    const std::int64_t end = np * (t + 1) / threads;
    const auto start = prisoners_.begin() + first;
    auto it = start;
    for (std::int64_t i = first; i < end; ++i, ++it) {
      Prisoner& p = *it;
      if (p.term > 0 && p.term != kLifeTerm) --p.term;
      if (p.term != 0) continue;
      const CellIndex home = to_local(p.cell);
      if (code_[home] == kEmpty) {
        claim(home, claim_key(streams_.seed(), tick, p.id, kReturnClaim, p.id));
      }
    }
#pragma omp barrier
    it = start;
    for (std::int64_t i = first; i < end; ++i, ++it) {
      Prisoner& p = *it;
      if (p.term != 0) continue;
      const CellIndex home = to_local(p.cell);
      if (code_[home] != kEmpty || (claim_[home] & kLow32) != p.id) continue;
      code_[home] = kQuiet;
      agent_[home] = Occupant{p.id, p.hardship, p.risk_aversion, 0};
      p.term = -1;  // placed
    }
    // Claims cleared and placed prisoners dropped, each thread packing its
    // part to the part's front; the parts are then joined in order.
#pragma omp barrier
    it = start;
    auto kept = start;
    for (std::int64_t i = first; i < end; ++i, ++it) {
      const Prisoner& p = *it;
      if (p.term == 0 || p.term == -1) claim_[to_local(p.cell)] = kNoClaim;
      if (p.term != -1) *kept++ = p;
    }
    kept_in_part[static_cast<std::size_t>(t)] = kept - start;
    if (t == 0) parts = threads;
  }
  auto joined = prisoners_.begin() + kept_in_part[0];
  for (std::int64_t t = 1; t < parts; ++t) {
    const auto part = prisoners_.begin() + np * t / parts;
    joined = std::move(part, part + kept_in_part[static_cast<std::size_t>(t)], joined);
  }
  prisoners_.erase(joined, prisoners_.end());
}

void SynchronousSimulation::count() {
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
#pragma omp parallel for num_threads(threads_) schedule(static) \
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
  counts_.tick = tick_;
  counts_.quiet = quiet;
  counts_.active = active;
  std::uint64_t off_lattice = prisoners_.size();
  if (strip_) {
    off_lattice = static_cast<std::uint64_t>(std::ranges::count_if(
        prisoners_, [this](const Prisoner& p) { return owned(to_local(p.cell)); }));
  }
  counts_.jailed = jailed + off_lattice;
  counts_.cops = cops;
  counts_.arrests = arrests_this_tick_;
  counts_.legitimacy = legitimacy_;
  if (compliance_) compliance_->split_counts(counts_);
}

void SynchronousSimulation::export_citizens(std::span<CellIndex> cell,
                                            std::span<std::uint8_t> confined) const {
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
#pragma omp parallel for num_threads(threads_) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint8_t code = code_[static_cast<std::size_t>(i)];
    if (!is_citizen(code) && code != kPrisoner) continue;
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
    if (!is_citizen(code_[c]) && code_[c] != kPrisoner) continue;
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
  if (cell >= code_.size() || !is_citizen(code_[cell]) || agent_[cell].id != id) return false;
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

std::int32_t SynchronousSimulation::jail_term_for(std::uint32_t id) const {
  return std::max<std::int32_t>(1, draw_jail_term(id));  // as Simulation::jail_term_for
}

void SynchronousSimulation::save(CheckpointWriter& out) const {
  if (strip_) throw std::logic_error("a strip of a split simulation has no checkpoint of its own");
  put_state(out, arrests_this_tick_, code_, agent_,
            std::vector<Prisoner>(prisoners_.begin(), prisoners_.end()));
  if (compliance_) compliance_->save(out);
}

// The same layout as save(), so that a checkpoint of a split simulation
// loads in one process or in any number of strips.
void SynchronousSimulation::save_whole(CheckpointWriter& out, std::uint64_t arrests,
                                       const Rows& whole) const {
  put_state(out, arrests, whole.codes, whole.agents, whole.prisoners);
}

template <typename Codes, typename Agents>
void SynchronousSimulation::put_state(CheckpointWriter& out, std::uint64_t arrests,
                                      const Codes& codes, const Agents& agents,
                                      const std::vector<Prisoner>& prisoners) const {
  out.put<std::int64_t>(tick_);
  out.put<std::uint64_t>(arrests);
  out.put<std::uint64_t>(initial_cops_);
  out.put<std::uint64_t>(citizens_);
  out.put<std::uint32_t>(next_id_);
  out.put_vector(codes);
  out.put_vector(agents);
  out.put<std::uint64_t>(prisoners.size());
  out.put_vector(prisoners);
}

SynchronousSimulation::SynchronousSimulation(const Scenario& scenario, CheckpointReader& in)
    : SynchronousSimulation(scenario, EmptyLattice{}) {
  const std::size_t n = torus_.cell_count();
  tick_ = in.get<std::int64_t>("the tick");
  if (tick_ < 0 || tick_ > scenario.steps) in.fail("holds a tick outside the run");
  arrests_this_tick_ = in.get<std::uint64_t>("the arrest count");
  initial_cops_ = in.get<std::uint64_t>("the initial cop count");
  citizens_ = in.get<std::uint64_t>("the citizen count");
  next_id_ = in.get<std::uint32_t>("the next agent id");
  code_ = in.get_vector<std::uint8_t, HugePageAllocator<std::uint8_t>>("the cell codes", n);
  agent_ = in.get_vector<Occupant, HugePageAllocator<Occupant>>("the agents on cells", n);
  const auto n_prisoners = in.get<std::uint64_t>("the prisoner count");
  if (n_prisoners > citizens_) in.fail("holds more prisoners than citizens");
  const auto prisoners = in.get_vector<Prisoner>("the prisoners", n_prisoners);
  prisoners_.assign(prisoners.begin(), prisoners.end());
  std::uint64_t citizens = prisoners_.size();
  for (std::size_t c = 0; c < n; ++c) {
    if (code_[c] > kPrisoner) in.fail("holds a cell in an unknown state");
    if (code_[c] != kEmpty && agent_[c].id >= next_id_) in.fail("holds an agent id out of range");
    if ((is_citizen(code_[c]) || code_[c] == kPrisoner) && agent_[c].id >= citizens_) {
      in.fail("holds a citizen id out of range");
    }
    if (code_[c] == kPrisoner && agent_[c].term < 0) in.fail("holds a negative jail term");
    citizens += (is_citizen(code_[c]) || code_[c] == kPrisoner) ? 1U : 0U;
  }
  for (const Prisoner& p : prisoners_) {
    if (p.cell >= n || p.id >= citizens_ || p.term < 0) in.fail("holds a corrupt prisoner");
  }
  if (citizens != citizens_) in.fail("holds a citizen count that does not add up");
  finish_start(&in);
  counts_.arrests = arrests_this_tick_;
}

// A sum of one hash per occupied cell and per prisoner: independent of the
// order in which the parts are visited, so that pieces of the lattice held
// by different threads or processes can be hashed apart and added up.
std::uint64_t SynchronousSimulation::state_hash() const {
  std::uint64_t h = fnv1a64(&tick_, sizeof tick_) + partial_hash();
  if (compliance_) h += compliance_->hash() * 0x9E3779B97F4A7C15ULL;
  return h;
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
