#pragma once
// What the compliance layer asks of an engine (random-sequential or
// synchronous): where every citizen is, where the cops are, to confine a
// citizen and to widen the cops' vision. The layer keeps everything else
// itself, by citizen id.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "panopticon/lattice.hpp"

namespace panopticon {

class EngineAccess {
 public:
  EngineAccess() = default;
  virtual ~EngineAccess() = default;
  EngineAccess(const EngineAccess&) = delete;
  EngineAccess& operator=(const EngineAccess&) = delete;

  // For every citizen id: its cell (a prisoner: where it was arrested) and
  // whether it is confined now.
  virtual void export_citizens(std::span<CellIndex> cell,
                               std::span<std::uint8_t> confined) const = 0;
  // Hardship H0 and risk aversion R of every citizen id.
  virtual void export_traits(std::span<float> hardship, std::span<float> risk) const = 0;
  // The cells of the cops on duty, in a deterministic order.
  virtual void export_cops(std::vector<CellIndex>& cells) const = 0;
  // Confines citizen `id` at liberty on `cell` for `term` ticks under the
  // rule-set's jail countdown; an arrest counts in the engine's arrests.
  // Returns false when the citizen is not at liberty there.
  virtual bool confine(std::uint32_t id, CellIndex cell, std::int32_t term, bool arrest) = 0;
  // The term of a warrant served on `id` now (jail.hpp).
  virtual std::int32_t jail_term_for(std::uint32_t id) const = 0;
  // How far mechanism `who` widens the cops' vision from now on (policing's
  // technology, while it is on; 0 when it stops): the vision is cops.vision
  // plus every mechanism's widening.
  virtual void widen_cop_vision(const std::string& who, double cells) = 0;
};

}  // namespace panopticon
