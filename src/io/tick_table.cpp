#include "panopticon/tick_table.hpp"

#include <fmt/format.h>

#include "panopticon/compliance.hpp"

namespace panopticon {

std::string tick_table_header() {
  return "tick,quiet,active,jailed,cops,arrests,legitimacy\n";
}

std::string tick_table_row(const TickCounts& c) {
  return fmt::format("{},{},{},{},{},{},{}\n", c.tick, c.quiet, c.active, c.jailed, c.cops,
                     c.arrests, c.legitimacy);
}

std::string layer_table_header() {
  std::string out = "tick";
  for (const OutputColumn& c : Compliance::columns()) out += "," + c.name;
  return out + "\n";
}

std::string layer_table_row(std::int64_t tick, std::span<const double> values) {
  std::string out = fmt::format("{}", tick);
  for (const double v : values) fmt::format_to(std::back_inserter(out), ",{}", v);
  return out + "\n";
}

}  // namespace panopticon
