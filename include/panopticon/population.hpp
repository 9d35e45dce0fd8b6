#pragma once
// The agents, stored as columns indexed by a dense slot. Citizens take slots
// 0 .. citizens-1, cops the slots after them; cops added by a schedule are
// appended, cops removed keep their slot with state kRemoved.
#include <cstdint>
#include <limits>
#include <vector>

#include "panopticon/agent_state.hpp"
#include "panopticon/jail.hpp"
#include "panopticon/lattice.hpp"

namespace panopticon {

using Slot = std::uint32_t;
inline constexpr Slot kNoSlot = std::numeric_limits<Slot>::max();

enum class AgentKind : std::uint8_t { kCitizen, kCop };

struct Population {
  // Hot columns, read every activation. Bytes per agent in comments.
  std::vector<AgentKind> kind;          // 1
  std::vector<AgentState> state;        // 1
  std::vector<CellIndex> cell;          // 4: where the agent stands (jailed: where arrested)
  std::vector<float> hardship;          // 4: H ~ U(0,1), citizens only
  std::vector<float> risk_aversion;     // 4: R ~ U(0,1), citizens only
  std::vector<std::int32_t> jail_term;  // 4: ticks left; kLifeTerm for life
  std::vector<Slot> next_in_cell;       // 4: next citizen on the same cell (intrusive list)

  std::size_t size() const { return kind.size(); }
  Slot add(AgentKind k, CellIndex c, float h, float r);
};

}  // namespace panopticon
