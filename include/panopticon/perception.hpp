#pragma once
// Learned perception (docs/MODEL.md, Perception): what each citizen at
// liberty witnesses in a tick, folded into its beliefs. A citizen keeps, for
// DISSENT and for ACTIVE, two discounted counts: the acts of that kind it
// saw within its vision (its own included) and the sanctions for that kind
// it saw (Society::sanctions, within vision). Its perceived chance of a
// sanction for an act is a Beta-Bernoulli estimate with forgetting,
//   (kappa prior + sanctions) / (kappa + acts)      (Society::perceived)
// where the prior is what the surveillance in sight implies (a camera on
// the cell, known monitoring) and kappa is perception.prior_strength. Every
// tick both counts are first multiplied by 1 - perception.learning_rate, so
// a camera network whose records are never followed by a sanction stops
// deterring once the citizen has seen enough acts go unpunished.
#include <cstdint>
#include <vector>

#include "panopticon/society.hpp"

namespace panopticon {

class Perception {
 public:
  explicit Perception(const Society& society);
  // This tick's witnessing, after the sanction phase: decays every
  // citizen's counts and adds what those at liberty saw.
  void learn(Society& society);

 private:
  double keep_;  // 1 - learning rate
  // Per cell: how many DISSENT and ACTIVE citizens have the cell in sight
  // (the vision is symmetric, so a citizen there sees that many).
  std::vector<std::uint16_t> dissent_in_sight_;
  std::vector<std::uint16_t> active_in_sight_;
  // And how many sanctions of each kind.
  std::vector<std::uint16_t> dissent_sanctions_in_sight_;
  std::vector<std::uint16_t> active_sanctions_in_sight_;
};

}  // namespace panopticon
