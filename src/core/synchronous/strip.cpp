// One strip of a synchronous simulation split across MPI ranks
// (distributed.hpp): the strip's own rows, the exchange of rows with its
// neighbours, and the cop schedule across strips. Reached only through
// StripAccess (strip_access.hpp).
#include <algorithm>
#include <stdexcept>

#include "claims.hpp"
#include "panopticon/strip_access.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

SynchronousSimulation::SynchronousSimulation(const Scenario& local, const StripRegion& region,
                                             const InitialLayout& layout)
    : SynchronousSimulation(local, EmptyLattice{}) {
  start_lattice(&region);
  place(layout);
  finish_start();
  start();
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
  live_.copy_changes_from(whole.live_);
  legitimacy_ = legitimacy_schedule_.at(tick_);
  finish_start();
  start();
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
  // A new cop holds nothing of whoever stood there before (all of it is
  // saved and hashed).
  agent_[to_local(g)] = Occupant{id, 0.0F, 0.0F, 0};
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

std::unique_ptr<SynchronousSimulation> StripAccess::make(const Scenario& local,
                                                         const StripRegion& region,
                                                         const InitialLayout& layout) {
  return std::unique_ptr<SynchronousSimulation>(new SynchronousSimulation(local, region, layout));
}

std::unique_ptr<SynchronousSimulation> StripAccess::cut(const Scenario& local,
                                                        const StripRegion& region,
                                                        const SynchronousSimulation& whole,
                                                        std::uint64_t arrests) {
  return std::unique_ptr<SynchronousSimulation>(
      new SynchronousSimulation(local, region, whole, arrests));
}

void StripAccess::save_whole(const SynchronousSimulation& strip, CheckpointWriter& out,
                             const Rows& whole) {
  strip.put_state(out, whole.codes, whole.agents, whole.prisoners);
}

std::int64_t StripAccess::cop_target(const SynchronousSimulation& strip) {
  const std::uint64_t cells =
      static_cast<std::uint64_t>(strip.torus_.width()) * strip.region_.global_height;
  return scheduled_cops(strip.cop_density_.at(strip.tick_), strip.cop_density_.at(0),
                        strip.initial_cops_, cells);
}

bool StripAccess::cops_constant(const SynchronousSimulation& strip) {
  return strip.cop_density_.constant();
}

}  // namespace panopticon
