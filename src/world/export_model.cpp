#include "panopticon/export_model.hpp"

#include <algorithm>
#include <cmath>

namespace panopticon {

double acceptance_rate(const PullParameters& pull, const PullInputs& in) {
  const double closed = std::pow(std::clamp(1.0 - in.openness, 0.0, 1.0), pull.openness_exponent);
  // Unrest and crime pull every regime (Greitens [S64]: pull from crime and
  // unrest, little relation to democracy once they are accounted for); a
  // closed regime's own appetite, the unrest it fears more (Beraja et al.
  // [S40]: more imports in unrest years), what adopters demonstrably gained
  // and what its neighbours took (Cederman and Gleditsch [S60], Li [S65])
  // weigh by how closed it is.
  const double regime = pull.base + pull.unrest_regime * in.unrest +
                        pull.demonstration * in.demonstration + pull.neighbours * in.neighbours;
  return pull.scale * (pull.unrest * in.unrest + pull.crime * in.crime + closed * regime);
}

double acceptance_probability(const PullParameters& pull, const PullInputs& in) {
  const double price_factor = std::max(0.0, 1.0 - pull.price_sensitivity * in.price);
  const double rate = acceptance_rate(pull, in) * price_factor;
  return rate <= 0.0 ? 0.0 : -std::expm1(-rate);
}

double unrest_index(double outburst_ticks, int ticks_per_year) {
  if (!(outburst_ticks > 0.0) || ticks_per_year <= 0) return 0.0;
  return std::min(1.0, outburst_ticks / ticks_per_year);
}

double crime_index(const PullParameters& pull, double offences_per_1000_per_year) {
  if (!(offences_per_1000_per_year > 0.0)) return 0.0;
  return -std::expm1(-offences_per_1000_per_year / pull.crime_reference);
}

double terms_price(Terms terms) {
  switch (terms) {
    case Terms::kFree:
      return 0.0;
    case Terms::kPartlyFree:
      return 0.5;
    case Terms::kPaid:
      return 1.0;
  }
  return 1.0;
}

double terms_loaned(Terms terms) {
  return terms_price(terms);
}

double push_priority(const PushParameters& push, const CountrySpec& country, double openness) {
  const double weights = push.membership + push.strategic + push.debt + push.alignment;
  if (weights <= 0.0) return 0.0;
  const double sum = push.membership * (country.belt_and_road ? 1.0 : 0.0) +
                     push.strategic * country.strategic_value + push.debt * country.debt_exposure +
                     push.alignment * (1.0 - openness);
  return std::clamp(sum / weights, 0.0, 1.0);
}

Terms push_terms(const PushParameters& push, double priority) {
  if (priority >= push.free_at) return Terms::kFree;
  if (priority >= push.partly_free_at) return Terms::kPartlyFree;
  return Terms::kPaid;
}

double demonstrated_gain(const std::vector<double>& activations_before,
                         const std::vector<double>& activations_after) {
  if (activations_before.empty() || activations_after.empty()) return 0.0;
  double before = 0.0;
  for (const double a : activations_before) before += a;
  before /= static_cast<double>(activations_before.size());
  if (!(before > 0.0)) return 0.0;
  double after = 0.0;
  for (const double a : activations_after) after += a;
  after /= static_cast<double>(activations_after.size());
  return std::clamp(1.0 - after / before, 0.0, 1.0);
}

double demonstration_effect(const std::vector<double>& adopters_gains,
                            const std::vector<Showcase>& showcases, int year) {
  double g = 0.0;
  if (!adopters_gains.empty()) {
    for (const double x : adopters_gains) g += x;
    g /= static_cast<double>(adopters_gains.size());
  }
  for (const Showcase& s : showcases) {
    if (year < s.year) continue;
    g += s.boost * std::exp2(-static_cast<double>(year - s.year) / s.half_life);
  }
  return std::clamp(g, 0.0, 1.0);
}

double trained_value(const TrainingParameters& training, double value, double ceiling) {
  if (value >= ceiling) return value;  // training never lowers a parameter
  return value + training.rate * (ceiling - value);
}

double financing_shift(const FinancingParameters& financing, Terms terms, int adopted, int year) {
  const int since = year - adopted;
  double shift = 0.0;
  if (since >= 0 && since < financing.relief_years) shift -= financing.relief;
  if (since >= financing.grace_years && since < financing.grace_years + financing.service_years) {
    shift += financing.debt_service * terms_loaned(terms);
  }
  return shift;
}

}  // namespace panopticon
