// The countdown phase of the synchronous engine (synchronous.hpp): jail
// terms count down; released prisoners return to their cell when it is
// empty, and wait otherwise.
#include <omp.h>

#include <algorithm>

#include "claims.hpp"
#include "panopticon/jail.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

using synchronous::claim_key;
using synchronous::kLow32;
using synchronous::kNoClaim;
using synchronous::kReturnClaim;

void SynchronousSimulation::countdown_phase() {
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
  // Only prisoners that block their cell are on the lattice.
  if (scenario_.rules.jail_countdown == JailCountdown::kEndOfTick &&
      scenario_.rules.jailed_block_cell) {
#pragma omp parallel for num_threads(team_) schedule(static)
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
  std::vector<std::ptrdiff_t> kept_in_part(static_cast<std::size_t>(team_), 0);
  std::int64_t parts = 1;  // the threads the runtime gave
#pragma omp parallel num_threads(team_)
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

}  // namespace panopticon
