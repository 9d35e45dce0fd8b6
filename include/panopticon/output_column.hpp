#pragma once
// A column of the per-tick results table: its name, unit and meaning, and how
// a window of ticks reduces it (docs/outputs.md is generated from these).
#include <string>

namespace panopticon {

enum class Reduce : unsigned char {
  kMean,  // a level (a count or share at the end of the tick): the window's mean
  kSum,   // a flow (events during the tick): the window's total
};

struct OutputColumn {
  std::string name;  // `<mechanism>_<quantity>` for a mechanism's results
  std::string unit;
  std::string meaning;
  Reduce reduce = Reduce::kMean;
};

}  // namespace panopticon
