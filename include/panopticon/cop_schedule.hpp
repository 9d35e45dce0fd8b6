#pragma once
// The cop schedule (cops.schedule, and cops.density changed while a model
// runs): cops withdrawn at random among those on duty, new ones posted on
// random empty cells (64 uniform tries, then a uniform pick among all empty
// cells). One algorithm for both engines and the strips of a simulation
// split across MPI ranks; each says through a CopRoster where its cops and
// empty cells are.
#include <cstdint>

#include "panopticon/lattice.hpp"
#include "panopticon/random.hpp"

namespace panopticon {

class CopRoster {
 public:
  CopRoster() = default;
  virtual ~CopRoster() = default;
  CopRoster(const CopRoster&) = delete;
  CopRoster& operator=(const CopRoster&) = delete;

  // Cops on duty.
  virtual std::uint64_t size() = 0;
  // The i-th cop on duty leaves; the last one takes its place in the roster.
  virtual void withdraw(std::uint64_t i) = 0;
  // Whether a (whole-lattice) cell is empty, how many are, and the k-th in cell order.
  virtual bool empty(CellIndex cell) = 0;
  virtual std::uint64_t empties() = 0;
  virtual CellIndex empty_at(std::uint64_t k) = 0;
  // A new cop on an empty cell, last in the roster.
  virtual void post(CellIndex cell) = 0;
};

// Brings the cops on duty to `target` on a lattice of `cells` cells, with
// the draws of the tick's cop schedule.
void run_cop_schedule(CopRoster& roster, std::int64_t target, std::uint64_t cells,
                      std::int64_t tick, const RandomStreams& streams);

}  // namespace panopticon
