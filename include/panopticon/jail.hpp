#pragma once
// Jail terms (rule C): drawn once, here, for both engines and the warrants
// of the compliance layer.
#include <cstdint>
#include <limits>

#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

// A jail term that never ends (J_max = inf).
inline constexpr std::int32_t kLifeTerm = std::numeric_limits<std::int32_t>::max();

// The term of an arrest of citizen `id` at `tick`: a whole number drawn
// uniformly from 0..J_max-1 (rules.jail_term_range = below_max; NetLogo's
// `random J_max`, 0 when J_max is 0) or 0..J_max (up_to_max), or kLifeTerm
// when J_max is inf. A pure function of (seed, tick, id).
std::int32_t draw_jail_term(const RandomStreams& streams, const Scenario& scenario,
                            std::int64_t tick, std::uint32_t id);

// The term of a warrant served after the event (policing): at least a tick,
// since under NetLogo's rules a term of 0 is no jail at all, which would
// make a warrant a non-event.
inline std::int32_t warrant_term(const RandomStreams& streams, const Scenario& scenario,
                                 std::int64_t tick, std::uint32_t id) {
  const std::int32_t term = draw_jail_term(streams, scenario, tick, id);
  return term < 1 ? 1 : term;
}

}  // namespace panopticon
