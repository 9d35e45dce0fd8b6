#pragma once
// The per-tick table: one CSV row per tick, columns named once here.
#include <cstdint>
#include <span>
#include <string>

#include "panopticon/simulation.hpp"

namespace panopticon {

// Model I runs.
std::string tick_table_header();
std::string tick_table_row(const TickCounts& counts);
// Runs with the compliance layer: the tick, then Compliance::columns().
std::string layer_table_header();
std::string layer_table_row(std::int64_t tick, std::span<const double> values);

}  // namespace panopticon
