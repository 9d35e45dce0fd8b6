#pragma once
// What both engines derive from a scenario before anyone is placed: the
// torus, the two vision shapes, the random streams and the arrest-probability
// table. Each engine inherits it privately, so the two cannot drift apart.
#include <cstdint>

#include "panopticon/arrest.hpp"
#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

struct ModelCore {
  explicit ModelCore(const Scenario& scenario)
      : torus_(scenario.width, scenario.height),
        citizen_vision_(torus_, scenario.rules.vision_shape, scenario.citizen_vision,
                        scenario.rules.vision_includes_own_cell),
        cop_vision_(torus_, scenario.rules.vision_shape, scenario.cop_vision,
                    scenario.rules.vision_includes_own_cell),
        streams_(scenario.seed),
        // Cells can hold more than one cop, so the table covers 4 per cell.
        arrest_probability_(scenario.rules.ratio, scenario.k,
                            static_cast<std::uint32_t>(citizen_vision_.size()) * 4U) {}

  Torus torus_;
  Neighbourhood citizen_vision_;
  Neighbourhood cop_vision_;
  RandomStreams streams_;
  ArrestProbability arrest_probability_;
};

}  // namespace panopticon
