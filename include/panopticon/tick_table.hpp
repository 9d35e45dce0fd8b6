#pragma once
// ticks.csv: one CSV row per tick of a model's results table (Model I's
// columns or the compliance layer's), `tick` first, then every column.
#include <cstdint>
#include <span>
#include <string>

#include "panopticon/output_column.hpp"

namespace panopticon {

std::string tick_table_header(std::span<const OutputColumn> columns);
std::string tick_table_row(std::int64_t tick, std::span<const double> values);

}  // namespace panopticon
