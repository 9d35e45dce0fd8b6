#include "panopticon/tick_table.hpp"

#include <fmt/format.h>

namespace panopticon {

std::string tick_table_header() {
  return "tick,quiet,active,jailed,cops,arrests,legitimacy\n";
}

std::string tick_table_row(const TickCounts& c) {
  return fmt::format("{},{},{},{},{},{},{}\n", c.tick, c.quiet, c.active, c.jailed, c.cops,
                     c.arrests, c.legitimacy);
}

}  // namespace panopticon
