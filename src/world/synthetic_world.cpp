#include "synthetic_world.hpp"

#include <fmt/format.h>
#include <gsl/gsl_cdf.h>

#include <cmath>

#include "panopticon/random.hpp"

namespace panopticon {

namespace {

// One slot per country, one word pair per attribute, in this order: adding
// an attribute at the end changes no other draw.
enum class SyntheticPurpose : std::uint32_t { kAttributes = 1 };
enum Attribute : std::uint32_t {
  kPopulation,
  kOpenness,
  kLegitimacy,
  kHardshipShift,
  kCrime,
  kBeltAndRoad,
  kStrategicValue,
  kDebtExposure,
};

}  // namespace

double draw_from(const Distribution& d, double u) {
  switch (d.kind) {
    case Distribution::Kind::kConstant:
      return d.a;
    case Distribution::Kind::kUniform:
      return d.a + u * (d.b - d.a);
    case Distribution::Kind::kLogUniform:
      return std::exp(std::log(d.a) + u * (std::log(d.b) - std::log(d.a)));
    case Distribution::Kind::kBeta:
      return gsl_cdf_beta_Pinv(u, d.a, d.b);
    case Distribution::Kind::kBernoulli:
      return u < d.a ? 1.0 : 0.0;
  }
  return d.a;
}

void append_synthetic_countries(const SyntheticCountries& spec, std::vector<CountrySpec>& out) {
  const RandomStream stream = RandomStreams(spec.seed).named("synthetic world");
  for (int k = 0; k < spec.count; ++k) {
    // Each attribute from a block of its own (index = attribute), so the
    // draws of one never depend on how many words another took.
    const auto unit = [&](Attribute a) {
      Draws draws(stream, SyntheticPurpose::kAttributes, 0, static_cast<std::uint32_t>(k));
      for (std::uint32_t skip = 0; skip < static_cast<std::uint32_t>(a); ++skip)
        (void)draws.next_four();
      return draws.next_unit();
    };
    CountrySpec c;
    c.name = fmt::format("S{:03d}", k + 1);
    c.place = spec.place;
    c.scenario_place = spec.place;
    c.scenario = spec.scenario;
    c.set = spec.set;
    c.region = fmt::format("R{:02d}", k % spec.regions + 1);
    c.population = draw_from(spec.population, unit(kPopulation));
    c.persons_per_agent = c.population / spec.agents;
    c.openness = draw_from(spec.openness, unit(kOpenness));
    c.legitimacy = draw_from(spec.legitimacy, unit(kLegitimacy));
    c.hardship_shift = draw_from(spec.hardship_shift, unit(kHardshipShift));
    c.crime = draw_from(spec.crime, unit(kCrime));
    c.belt_and_road = draw_from(spec.belt_and_road, unit(kBeltAndRoad)) >= 0.5;
    c.strategic_value = draw_from(spec.strategic_value, unit(kStrategicValue));
    c.debt_exposure = draw_from(spec.debt_exposure, unit(kDebtExposure));
    out.push_back(std::move(c));
  }
}

}  // namespace panopticon
