#pragma once
// Claims of the synchronous engine (synchronous.hpp): who wins a contested
// cell or suspect. Internal to src/core/synchronous.
#include <atomic>
#include <cstdint>

#include "panopticon/synchronous.hpp"

namespace panopticon::synchronous {

inline constexpr std::uint64_t kNoClaim = ~std::uint64_t{0};
inline constexpr std::uint64_t kLow32 = 0xFFFFFFFFULL;

inline bool is_citizen(std::uint8_t code) {
  return code == SynchronousSimulation::kQuiet || code == SynchronousSimulation::kActive;
}

// A claim key: a random priority in the high half, who claims in the low
// half, so keys are distinct and the lowest wins whatever the thread order.
// The priority only has to order a handful of claimants fairly, so it comes
// from the SplitMix64 finalizer of (seed, tick, id, kind) instead of a full
// Philox block: still a pure function of its coordinates, at a tenth of the
// cost.
inline std::uint64_t claim_key(std::uint64_t seed, std::uint32_t tick, std::uint32_t id,
                               std::uint32_t kind, std::uint32_t who) {
  std::uint64_t z = seed ^ ((std::uint64_t{tick} << 32U) | id) ^ (std::uint64_t{kind} << 61U);
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  z ^= z >> 31U;
  return (z & ~kLow32) | who;
}
enum ClaimKind : std::uint32_t { kArrestClaim = 1, kMoveClaim = 2, kReturnClaim = 3 };

}  // namespace panopticon::synchronous

namespace panopticon {

// The lowest key wins a cell, whatever the order threads claim in.
inline bool SynchronousSimulation::claim(CellIndex cell, std::uint64_t key) {
  if (team_ == 1) {  // the same minimum without the cost of a locked instruction
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

}  // namespace panopticon
