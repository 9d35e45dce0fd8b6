#include "panopticon/ruleset.hpp"

#include <cmath>

namespace panopticon {

std::string_view to_string(RuleSetName name) {
  switch (name) {
    case RuleSetName::kPaper:
      return "paper";
    case RuleSetName::kNetLogo:
      return "netlogo";
    case RuleSetName::kMesa:
      return "mesa";
  }
  return "?";
}

std::optional<RuleSetName> rule_set_from_string(std::string_view text) {
  for (auto n : {RuleSetName::kPaper, RuleSetName::kNetLogo, RuleSetName::kMesa}) {
    if (to_string(n) == text) return n;
  }
  return std::nullopt;
}

RuleSet preset(RuleSetName name) {
  switch (name) {
    case RuleSetName::kPaper:
      // Choices for what the paper leaves open are documented in docs/MODEL.md.
      return RuleSet{.vision_shape = VisionShape::kEuclidean,
                     .vision_includes_own_cell = true,
                     .self_count = SelfCount::kOnce,
                     .ratio = RatioRule::kLiteral,
                     .order = TurnOrder::kMoveThenAct,
                     .placement = Placement::kExact,
                     .jail_term_range = JailTermRange::kUpToMax,
                     .jail_countdown = JailCountdown::kEndOfTick,
                     .jailed_block_cell = false,
                     .cop_steps_onto_arrestee = false,
                     .movement_applies_to_cops = false};
    case RuleSetName::kNetLogo:
      return RuleSet{.vision_shape = VisionShape::kEuclidean,
                     .vision_includes_own_cell = true,
                     .self_count = SelfCount::kTwiceIfActive,
                     .ratio = RatioRule::kFloor,
                     .order = TurnOrder::kMoveThenAct,
                     .placement = Placement::kExact,
                     .jail_term_range = JailTermRange::kBelowMax,
                     .jail_countdown = JailCountdown::kEndOfTick,
                     .jailed_block_cell = false,
                     .cop_steps_onto_arrestee = true,
                     .movement_applies_to_cops = false};
    case RuleSetName::kMesa:
      return RuleSet{.vision_shape = VisionShape::kVonNeumann,
                     .vision_includes_own_cell = false,
                     .self_count = SelfCount::kOnce,
                     .ratio = RatioRule::kRoundHalfEven,
                     .order = TurnOrder::kActThenMove,
                     .placement = Placement::kBinomial,
                     .jail_term_range = JailTermRange::kUpToMax,
                     .jail_countdown = JailCountdown::kOwnActivation,
                     .jailed_block_cell = true,
                     .cop_steps_onto_arrestee = false,
                     .movement_applies_to_cops = true};
  }
  return preset(RuleSetName::kNetLogo);
}

std::string_view to_string(RatioRule v) {
  switch (v) {
    case RatioRule::kFloor:
      return "floor";
    case RatioRule::kRoundHalfEven:
      return "round_half_even";
    case RatioRule::kLiteral:
      return "literal";
  }
  return "?";
}
std::string_view to_string(SelfCount v) {
  return v == SelfCount::kOnce ? "once" : "twice_if_active";
}
std::string_view to_string(TurnOrder v) {
  return v == TurnOrder::kMoveThenAct ? "move_then_act" : "act_then_move";
}
std::string_view to_string(Placement v) {
  return v == Placement::kExact ? "exact" : "binomial";
}
std::string_view to_string(JailTermRange v) {
  return v == JailTermRange::kBelowMax ? "below_max" : "up_to_max";
}
std::string_view to_string(JailCountdown v) {
  return v == JailCountdown::kEndOfTick ? "end_of_tick" : "own_activation";
}

double arrest_probability(RatioRule rule, double k, std::uint32_t cops, std::uint32_t actives) {
  double ratio = 0.0;
  switch (rule) {
    case RatioRule::kFloor: {
      const std::uint32_t whole = cops / actives;  // floor(C/A) is the rule
      ratio = static_cast<double>(whole);
      break;
    }
    case RatioRule::kRoundHalfEven: {
      // Exact on integers: 2C vs A decides halves without floating error.
      const std::uint32_t q = cops / actives;
      const std::uint32_t twice_rem = 2 * (cops % actives);
      const bool up = twice_rem > actives || (twice_rem == actives && (q % 2 == 1));
      ratio = static_cast<double>(q + (up ? 1 : 0));
      break;
    }
    case RatioRule::kLiteral:
      ratio = static_cast<double>(cops) / static_cast<double>(actives);
      break;
  }
  return 1.0 - std::exp(-k * ratio);
}

}  // namespace panopticon
