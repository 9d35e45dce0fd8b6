#pragma once
// The one vocabulary of what an agent is and what a cell shows, shared by
// both engines, the compliance layer, the observation events and the query
// API (model.hpp).
#include <cstdint>
#include <string_view>

namespace panopticon {

// What an agent is doing. Citizens of plain Model I are QUIET, ACTIVE or
// JAILED; the dissent layer adds DISSENT (speaking out without rebelling)
// and DETAINED (sent to detention by the data-fusion platform). Cops are
// QUIET on duty and REMOVED once a cop schedule withdraws them.
enum class AgentState : std::uint8_t {
  kQuiet = 0,
  kDissent = 1,   // expressed, non-violent dissent (dissent layer)
  kActive = 2,    // open rebellion (Epstein's active)
  kJailed = 3,    // arrested by a cop
  kDetained = 4,  // detained by the platform (ijop)
  kRemoved = 5,   // a cop withdrawn by the cop schedule
};
inline constexpr std::uint8_t kAgentStateCount = 6;

std::string_view to_string(AgentState state);

// What a cell shows (Model::cell_codes): the most visible of the agents on
// it, in this order: a cop, a citizen at liberty (ACTIVE, DISSENT, QUIET),
// then a prisoner whose arrest or detention took place there.
enum class CellCode : std::uint8_t {
  kEmpty = 0,
  kQuiet = 1,
  kActive = 2,
  kCop = 3,
  kJailed = 4,
  kDissent = 5,
  kDetained = 6,
};
inline constexpr std::uint8_t kCellCodeCount = 7;

std::string_view to_string(CellCode code);

}  // namespace panopticon
