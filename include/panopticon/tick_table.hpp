#pragma once
// The per-tick table: one CSV row per tick, columns named once here.
#include <string>

#include "panopticon/simulation.hpp"

namespace panopticon {

std::string tick_table_header();
std::string tick_table_row(const TickCounts& counts);

}  // namespace panopticon
