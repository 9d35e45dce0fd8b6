#pragma once
// The rules on which Epstein's paper, NetLogo's Rebellion and Mesa's example
// differ (see docs/MODEL.md, "Rule-sets"). A rule-set is a named preset of
// every item; a scenario picks one by name and may override items one by one.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "panopticon/neighbourhood.hpp"

namespace panopticon {

// How C/A enters P = 1 - exp(-k * ratio).
enum class RatioRule : std::uint8_t {
  kFloor,          // NetLogo: floor(C/A)
  kRoundHalfEven,  // Mesa >= 3.0: Python's round(C/A)
  kLiteral,        // the paper (and Mesa < 3.0): C/A
};

// How the agent itself enters A.
enum class SelfCount : std::uint8_t {
  kOnce,           // A = 1 + other actives in vision (paper, Mesa)
  kTwiceIfActive,  // A = 1 + actives on the vision cells, own cell included,
                   // so an active agent counts itself twice (NetLogo)
};

enum class TurnOrder : std::uint8_t {
  kMoveThenAct,  // paper, NetLogo
  kActThenMove,  // Mesa
};

enum class Placement : std::uint8_t {
  kExact,     // exactly round(density * cells) of each kind, cops first
  kBinomial,  // every cell independently: citizen, cop or empty (Mesa)
};

enum class JailTermRange : std::uint8_t {
  kBelowMax,  // integer 0 .. J_max - 1 (NetLogo: random J_max)
  kUpToMax,   // integer 0 .. J_max (Mesa: randint(0, J_max); paper U(0, J_max))
};

enum class JailCountdown : std::uint8_t {
  kEndOfTick,      // every jailed agent -1 at the end of each tick, the arrest
                   // tick included; a term of 0 is no jail at all (NetLogo)
  kOwnActivation,  // -1 at the agent's own activation; it acts again at the
                   // first activation that finds the term at 0 (Mesa)
};

struct RuleSet {
  VisionShape vision_shape;
  bool vision_includes_own_cell;
  SelfCount self_count;
  RatioRule ratio;
  TurnOrder order;
  Placement placement;
  JailTermRange jail_term_range;
  JailCountdown jail_countdown;
  bool jailed_block_cell;         // a jailed agent keeps its cell occupied
  bool cop_steps_onto_arrestee;   // the arresting cop moves to the arrestee's cell
  bool movement_applies_to_cops;  // false: cops always move (NetLogo)
};

enum class RuleSetName : std::uint8_t { kPaper, kNetLogo, kMesa };

std::string_view to_string(RuleSetName name);
std::optional<RuleSetName> rule_set_from_string(std::string_view text);
RuleSet preset(RuleSetName name);

std::string_view to_string(RatioRule v);
std::string_view to_string(SelfCount v);
std::string_view to_string(TurnOrder v);
std::string_view to_string(Placement v);
std::string_view to_string(JailTermRange v);
std::string_view to_string(JailCountdown v);

// P = 1 - exp(-k * ratio(C, A)) under a ratio rule. A >= 1.
double arrest_probability(RatioRule rule, double k, std::uint32_t cops, std::uint32_t actives);

}  // namespace panopticon
