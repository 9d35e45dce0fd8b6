#include "panopticon/jail.hpp"

#include <cmath>

namespace panopticon {

std::int32_t draw_jail_term(const RandomStreams& streams, const Scenario& scenario,
                            std::int64_t tick, std::uint32_t id) {
  const double j_max = scenario.max_jail_term;
  if (std::isinf(j_max)) return kLifeTerm;
  const auto j = static_cast<std::uint32_t>(j_max);
  Draws draws(streams, Purpose::kJailTerm, static_cast<std::uint32_t>(tick), id);
  if (scenario.rules.jail_term_range == JailTermRange::kBelowMax) {
    return j == 0 ? 0 : static_cast<std::int32_t>(draws.next_below(j));  // NetLogo: random 0 = 0
  }
  return static_cast<std::int32_t>(draws.next_below(j + 1));
}

}  // namespace panopticon
