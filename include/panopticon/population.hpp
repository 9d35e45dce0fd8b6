#pragma once
// The agents, stored as columns indexed by a dense slot. Citizens take slots
// 0 .. citizens-1, cops the slots after them; cops added by a schedule are
// appended, cops removed keep their slot with state kRemoved.
#include <cstdint>
#include <limits>
#include <vector>

#include "panopticon/lattice.hpp"

namespace panopticon {

using Slot = std::uint32_t;
inline constexpr Slot kNoSlot = std::numeric_limits<Slot>::max();

enum class AgentKind : std::uint8_t { kCitizen, kCop };

enum class AgentState : std::uint8_t {
  kQuiet = 0,    // citizens at liberty and not active; cops on duty
  kActive = 1,   // citizens in open rebellion
  kJailed = 2,   // citizens arrested by a cop
  kRemoved = 3,  // cops withdrawn by the cop schedule
};

// A jail term that never ends (J_max = inf).
inline constexpr std::int32_t kLifeTerm = std::numeric_limits<std::int32_t>::max();

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
