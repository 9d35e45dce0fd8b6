#pragma once
// What the state knows about its citizens: observation events. Sensing
// mechanisms (cameras, telecom, id_card, denunciation, policing) produce
// them; scoring and flagging mechanisms (social_credit, ijop) read only them,
// never an agent's true state, so sensor errors flow through to sanctions.
#include <cstdint>
#include <string_view>

#include "panopticon/agent_state.hpp"

namespace panopticon {

enum class Channel : std::uint8_t {
  kCamera = 0,
  kTelecom = 1,
  kCard = 2,
  kDenunciation = 3,
  kPolicing = 4,
};

// One recorded behaviour; 12 bytes.
struct ObservationEvent {
  std::uint32_t agent = 0;  // the citizen the record is attributed to
  std::int32_t tick = 0;
  AgentState behaviour = AgentState::kQuiet;
  Channel channel = Channel::kCamera;
  // True when the attributed agent did not do what the record says (a false
  // match, an ambient false alarm or a false denunciation): the model's own
  // ground truth, which no mechanism reads.
  bool misattributed = false;
  std::uint8_t padding = 0;
};

}  // namespace panopticon
