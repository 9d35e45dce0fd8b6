#include "panopticon/arrest.hpp"

#include <cmath>

namespace panopticon {

ArrestProbability::ArrestProbability(RatioRule rule, double k, std::uint32_t max_cops)
    : rule_(rule), k_(k), table_(static_cast<std::size_t>(max_cops) + 2) {
  for (std::size_t n = 0; n < table_.size(); ++n) {
    table_[n] = arrest_probability(RatioRule::kFloor, k, static_cast<std::uint32_t>(n), 1);
  }
  if (rule == RatioRule::kLiteral) {
    literal_.resize(std::size_t{kLiteralSide} * kLiteralSide);
    for (std::uint32_t c = 0; c < kLiteralSide; ++c) {
      for (std::uint32_t a = 1; a < kLiteralSide; ++a) {
        literal_[c * kLiteralSide + a] = arrest_probability(RatioRule::kLiteral, k, c, a);
      }
    }
  }
}

}  // namespace panopticon
