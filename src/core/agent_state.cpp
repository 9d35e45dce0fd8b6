#include "panopticon/agent_state.hpp"

namespace panopticon {

std::string_view to_string(AgentState state) {
  switch (state) {
    case AgentState::kQuiet:
      return "quiet";
    case AgentState::kDissent:
      return "dissent";
    case AgentState::kActive:
      return "active";
    case AgentState::kJailed:
      return "jailed";
    case AgentState::kDetained:
      return "detained";
    case AgentState::kRemoved:
      return "removed";
  }
  return "?";
}

std::string_view to_string(CellCode code) {
  switch (code) {
    case CellCode::kEmpty:
      return "empty";
    case CellCode::kQuiet:
      return "quiet";
    case CellCode::kActive:
      return "active";
    case CellCode::kCop:
      return "cop";
    case CellCode::kJailed:
      return "jailed";
    case CellCode::kDissent:
      return "dissent";
    case CellCode::kDetained:
      return "detained";
  }
  return "?";
}

}  // namespace panopticon
