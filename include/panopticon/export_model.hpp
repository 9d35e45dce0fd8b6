#pragma once
// The rules of the export, as pure functions of what a country's
// simulation measured and what the world file says (docs/mechanisms/
// export.md gives the reasoning and the source of each): the pull's
// acceptance probability, the push's priority and terms, the
// demonstration effect, training's step and financing's hardship.
#include <cstdint>
#include <vector>

#include "panopticon/world.hpp"

namespace panopticon {

// What a country's last year says to the pull, each in [0, 1] but the price.
struct PullInputs {
  double unrest = 0.0;         // U, unrest_index()
  double crime = 0.0;          // C, crime_index()
  double demonstration = 0.0;  // G, demonstration_effect()
  double neighbours = 0.0;     // N, share of its neighbours holding the package
  double openness = 0.5;
  double price = 1.0;  // 0: free, 0.5: partly free, 1: paid (terms_price())
};

// The rate of PullParameters' comment, and p = 1 - exp(-rate x price factor).
double acceptance_rate(const PullParameters& pull, const PullInputs& in);
double acceptance_probability(const PullParameters& pull, const PullInputs& in);

// U: the share of the year's ticks in an outburst (outburst_ticks /
// ticks_per_year; the outburst threshold is the run's, outputs.md), so
// that a calm year is 0 and a year of unrest 1.
double unrest_index(double outburst_ticks, int ticks_per_year);
// C = 1 - exp(-offences per 1,000 citizens per year / reference).
double crime_index(const PullParameters& pull, double offences_per_1000_per_year);

// The share of the price a country pays under the terms: 0, 0.5, 1.
double terms_price(Terms terms);
// The share of the price that is loaned: free 0, partly free 0.5, paid 1.
double terms_loaned(Terms terms);

// The exporter's priority of an importer, in [0, 1]: the weighted mean of
// membership (0 or 1), strategic value, debt exposure and 1 - openness.
double push_priority(const PushParameters& push, const CountrySpec& country, double openness);
Terms push_terms(const PushParameters& push, double priority);

// One adopter's demonstrated gain: how much its unrest fell after its
// first import, against its own years before it: max(0, 1 - after /
// before) on activations per 1,000 citizens per year; 0 without years on
// both sides or without unrest before.
double demonstrated_gain(const std::vector<double>& activations_before,
                         const std::vector<double>& activations_after);
// G in a year: the mean gain of the adopters, plus the showcases' boosts
// (each from its year on, halving every half_life years), at most 1.
double demonstration_effect(const std::vector<double>& adopters_gains,
                            const std::vector<Showcase>& showcases, int year);

// Training's step: value + rate x (ceiling - value); never below the
// value (a value above its ceiling stays). The ceiling is within the key's
// range (world_file.cpp checks it), so the step is too.
double trained_value(const TrainingParameters& training, double value, double ceiling);

// The financing's hardship shift in `year` of one package adopted in
// `adopted` on `terms`: -relief while it is financed, + debt_service x the
// loaned share while it is serviced, 0 otherwise.
double financing_shift(const FinancingParameters& financing, Terms terms, int adopted, int year);

}  // namespace panopticon
