#include "panopticon/cop_schedule.hpp"

#include <optional>

namespace panopticon {

void run_cop_schedule(CopRoster& roster, std::int64_t target, std::uint64_t cells,
                      std::int64_t tick, const RandomStreams& streams) {
  if (target == static_cast<std::int64_t>(roster.size())) return;
  Draws draws(streams, Purpose::kCopSchedule, static_cast<std::uint32_t>(tick), 0);
  while (static_cast<std::int64_t>(roster.size()) > target) {
    roster.withdraw(draws.next_below(static_cast<std::uint32_t>(roster.size())));
  }
  const auto n = static_cast<std::uint32_t>(cells);
  while (static_cast<std::int64_t>(roster.size()) < target) {
    std::optional<CellIndex> where;
    for (int attempt = 0; attempt < 64 && !where; ++attempt) {
      const CellIndex c = draws.next_below(n);
      if (roster.empty(c)) where = c;
    }
    if (!where) {
      const std::uint64_t empties = roster.empties();
      if (empties == 0) return;  // the lattice is full: no room for more cops this tick
      where = roster.empty_at(draws.next_below(static_cast<std::uint32_t>(empties)));
    }
    roster.post(*where);
  }
}

}  // namespace panopticon
