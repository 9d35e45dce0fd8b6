#pragma once
// Epstein's estimated arrest probability P = 1 - exp(-k * ratio(C, A)),
// tabulated for the integer ratios of the floor and round rules so the hot
// loop does no exp(); the table holds exactly what arrest_probability()
// computes, so results do not depend on whether the table is used.
#include <cstdint>
#include <vector>

#include "panopticon/ruleset.hpp"

namespace panopticon {

// Rule A's A: the citizen itself and the `others` actives it sees; under
// rules.self_count = twice_if_active (NetLogo) an active citizen counts
// itself twice. Both engines count `others` their own way and call this.
inline std::uint32_t actives_in_view(std::uint32_t others, bool active, SelfCount rule) {
  const bool twice = rule == SelfCount::kTwiceIfActive && active;
  return 1U + others + (twice ? 1U : 0U);
}

class ArrestProbability {
 public:
  ArrestProbability(RatioRule rule, double k, std::uint32_t max_cops);

  double operator()(std::uint32_t cops, std::uint32_t actives) const {
    if (rule_ == RatioRule::kLiteral) {
      if (cops < kLiteralSide && actives < kLiteralSide)
        return literal_[cops * kLiteralSide + actives];
      return arrest_probability(rule_, k_, cops, actives);
    }
    if (cops >= table_.size()) {
      return arrest_probability(rule_, k_, cops, actives);
    }
    if (cops < actives && rule_ == RatioRule::kFloor) return 0.0;
    // NOLINTNEXTLINE(clang-analyzer-core.DivideZero): A >= 1, the agent counts itself
    std::uint32_t ratio = cops / actives;
    if (rule_ == RatioRule::kRoundHalfEven) {
      const std::uint32_t twice_rem = 2 * (cops % actives);
      if (twice_rem > actives || (twice_rem == actives && (ratio % 2 == 1))) ++ratio;
    }
    return table_[ratio];
  }

 private:
  RatioRule rule_;
  double k_;
  static constexpr std::uint32_t kLiteralSide = 64;
  std::vector<double> table_;    // table_[n] = 1 - exp(-k n)
  std::vector<double> literal_;  // literal_[c * 64 + a] = 1 - exp(-k c / a)
};

}  // namespace panopticon
