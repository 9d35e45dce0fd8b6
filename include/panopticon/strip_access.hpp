#pragma once
// The interface of a synchronous engine that holds one strip of a
// simulation split across MPI ranks (distributed.hpp). Only
// src/distributed/ uses it; everything else sees a SynchronousSimulation as
// a whole model.
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/placement.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

class StripAccess {
 public:
  using Rows = SynchronousSimulation::Rows;
  using Occupant = SynchronousSimulation::Occupant;
  using Prisoner = SynchronousSimulation::Prisoner;

  // A strip of a fresh simulation: `local` is the scenario with the strip's
  // height, `layout` the initial layout of the whole lattice.
  static std::unique_ptr<SynchronousSimulation> make(const Scenario& local,
                                                     const StripRegion& region,
                                                     const InitialLayout& layout);
  // A strip cut from a whole engine (loaded from a checkpoint); `arrests`
  // is the last tick's arrest count this strip reports.
  static std::unique_ptr<SynchronousSimulation> cut(const Scenario& local,
                                                    const StripRegion& region,
                                                    const SynchronousSimulation& whole,
                                                    std::uint64_t arrests);

  // Rows of the strip (local rows), for the exchange of halos, and back:
  // unpack replaces rows (and the prisoners whose cell lies in them) with
  // another strip's copy of the same rows of the whole lattice.
  static Rows pack_rows(const SynchronousSimulation& strip, std::uint32_t local_first,
                        std::uint32_t count) {
    return strip.pack_rows(local_first, count);
  }
  static void unpack_rows(SynchronousSimulation& strip, std::uint32_t local_first,
                          const Rows& rows) {
    strip.unpack_rows(local_first, rows);
  }
  // Writes the engine's part of a checkpoint of the whole lattice, in a
  // one-process engine's format, from rows gathered from every strip (in
  // whole-lattice order).
  static void save_whole(const SynchronousSimulation& strip, CheckpointWriter& out,
                         const Rows& whole);
  // The sum of the own cells' and own prisoners' hashes, and the strip's
  // part of the agents' hash that is the same on every strip.
  static std::uint64_t partial_hash(const SynchronousSimulation& strip) {
    return strip.partial_hash();
  }
  static std::uint64_t shared_hash(const SynchronousSimulation& strip) {
    return strip.shared_hash();
  }
  static std::int64_t arrests(const SynchronousSimulation& strip) {
    return static_cast<std::int64_t>(strip.arrests_this_tick_);
  }
  // Citizens that moved from a halo row into an own row, since the start.
  static std::uint64_t migrations(const SynchronousSimulation& strip) { return strip.migrations_; }

  // The cop schedule across strips: the strip's own cops (whole-lattice
  // cells in cell order); whether an own cell is empty, how many are, the
  // k-th; removing a cop or placing a new one (the next id) on a
  // whole-lattice cell wherever the strip holds it (every strip places, so
  // ids stay in step); the target of this tick; and a replacement for the
  // one-process schedule.
  static std::vector<CellIndex> own_cops(const SynchronousSimulation& s) { return s.own_cops(); }
  static bool own_empty(const SynchronousSimulation& s, CellIndex g) { return s.own_empty(g); }
  static std::uint64_t own_empties(const SynchronousSimulation& s) { return s.own_empties(); }
  static CellIndex own_empty_at(const SynchronousSimulation& s, std::uint64_t k) {
    return s.own_empty_at(k);
  }
  static void remove_cop(SynchronousSimulation& s, CellIndex g) { s.remove_cop(g); }
  static void place_cop(SynchronousSimulation& s, CellIndex g) { s.place_cop(g); }
  static std::int64_t cop_target(const SynchronousSimulation& strip);
  static bool cops_constant(const SynchronousSimulation& strip);
  static void set_cop_schedule(SynchronousSimulation& strip, std::function<void()> schedule) {
    strip.cop_schedule_ = std::move(schedule);
  }
  static const RandomStreams& streams(const SynchronousSimulation& strip) { return strip.streams_; }
  static std::uint64_t whole_cells(const SynchronousSimulation& strip) {
    return static_cast<std::uint64_t>(strip.torus_.width()) * strip.region_.global_height;
  }
};

}  // namespace panopticon
