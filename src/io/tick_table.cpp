#include "panopticon/tick_table.hpp"

#include <fmt/format.h>

#include <iterator>

namespace panopticon {

std::string tick_table_header(std::span<const OutputColumn> columns) {
  std::string out = "tick";
  for (const OutputColumn& c : columns) out += "," + c.name;
  return out + "\n";
}

// Counts are whole numbers, which the shortest round-trip form prints
// without a fraction (1094, not 1094.0).
std::string tick_table_row(std::int64_t tick, std::span<const double> values) {
  std::string out = fmt::format("{}", tick);
  for (const double v : values) fmt::format_to(std::back_inserter(out), ",{}", v);
  return out + "\n";
}

}  // namespace panopticon
