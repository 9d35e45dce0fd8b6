#include "panopticon/population.hpp"

namespace panopticon {

Slot Population::add(AgentKind k, CellIndex c, float h, float r) {
  const auto slot = static_cast<Slot>(kind.size());
  kind.push_back(k);
  state.push_back(AgentState::kQuiet);
  cell.push_back(c);
  hardship.push_back(h);
  risk_aversion.push_back(r);
  jail_term.push_back(0);
  next_in_cell.push_back(kNoSlot);
  return slot;
}

}  // namespace panopticon
