#include "panopticon/sensitivity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>

#include "panopticon/random.hpp"

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What the bootstrap draws for, in the streams named below.
enum class BootstrapDraw : std::uint16_t {
  kResample = 1,  // which base rows or trajectories a resample takes
};

constexpr std::uint64_t kCounterLimit = std::numeric_limits<std::uint32_t>::max();

void check_options(const BootstrapOptions& options) {
  if (!(options.conf_level > 0.0 && options.conf_level < 1.0)) {
    throw std::invalid_argument("conf_level must be in (0, 1), got " +
                                std::to_string(options.conf_level));
  }
  if (options.resamples > kCounterLimit) {
    throw std::invalid_argument("resamples must be at most " + std::to_string(kCounterLimit) +
                                ", got " + std::to_string(options.resamples));
  }
}

double mean_of(std::span<const double> values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// The sample standard deviation (ddof = 1); NaN for fewer than two values.
double sample_std(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double mean = mean_of(values);
  double squares = 0.0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

// The bootstrap interval's half-width: SALib's Z * std(ddof = 1).
double conf_half_width(std::span<const double> estimates, double conf_level) {
  return normal_quantile(0.5 + conf_level / 2.0) * sample_std(estimates);
}

// The rows of one base row j in saltelli_design()'s layout: A_j, AB_j^1 ..
// AB_j^k, B_j.
struct SaltelliOutputs {
  std::span<const double> values;  // centred
  std::size_t factors;
  double a(std::size_t j) const { return values[j * (factors + 2)]; }
  double ab(std::size_t j, std::size_t factor) const {
    return values[j * (factors + 2) + 1 + factor];
  }
  double b(std::size_t j) const { return values[j * (factors + 2) + factors + 1]; }
};

// S1 and ST over the base rows `rows` (repeats allowed: a resample), each
// normalized by the population variance of those rows' A and B outputs.
void sobol_estimates(const SaltelliOutputs& y, std::span<const std::uint32_t> rows,
                     std::span<double> first, std::span<double> total) {
  const auto n = static_cast<double>(rows.size());
  double sum = 0.0;
  for (const std::uint32_t j : rows) sum += y.a(j) + y.b(j);
  const double mean = sum / (2.0 * n);
  double squares = 0.0;
  for (const std::uint32_t j : rows) {
    squares += (y.a(j) - mean) * (y.a(j) - mean) + (y.b(j) - mean) * (y.b(j) - mean);
  }
  const double variance = squares / (2.0 * n);
  for (std::size_t i = 0; i < y.factors; ++i) {
    double first_sum = 0.0;
    double total_sum = 0.0;
    for (const std::uint32_t j : rows) {
      const double change = y.ab(j, i) - y.a(j);
      first_sum += y.b(j) * change;
      total_sum += change * change;
    }
    first[i] = first_sum / n / variance;
    total[i] = 0.5 * total_sum / n / variance;
  }
}

// Acklam's rational approximation of the normal quantile for p in (0, 0.5],
// relative error below 1.2e-9.
double acklam_lower_half(double p) {
  constexpr std::array<double, 6> a = {-3.969683028665376e+01, 2.209460984245205e+02,
                                       -2.759285104469687e+02, 1.383577518672690e+02,
                                       -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr std::array<double, 5> b = {-5.447609879822406e+01, 1.615858368580409e+02,
                                       -1.556989798598866e+02, 6.680131188771972e+01,
                                       -1.328068155288572e+01};
  constexpr std::array<double, 6> c = {-7.784894002430293e-03, -3.223964580411365e-01,
                                       -2.400758277161838e+00, -2.549732539343734e+00,
                                       4.374664141464968e+00,  2.938163982698783e+00};
  constexpr std::array<double, 4> d = {7.784695709041462e-03, 3.224671290700398e-01,
                                       2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLowTail = 0.02425;
  if (p < kLowTail) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

double normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0)) return kNaN;
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  // The upper half by symmetry: 1 - p is exact there, while Phi(x) - p
  // near 1 would cancel in the refinement below.
  if (p > 0.5) return -normal_quantile(1.0 - p);
  const double x = acklam_lower_half(p);
  // One Halley step on Phi(x) - p = 0; for x <= 0 erfc(-x / sqrt 2) keeps
  // its relative accuracy however far into the tail.
  const double error = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = error * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

SobolIndices sobol_indices(std::span<const double> outputs, std::size_t factors,
                           const BootstrapOptions& options) {
  if (factors == 0) throw std::invalid_argument("factors must be at least 1, got 0");
  check_options(options);
  const std::size_t step = factors + 2;
  if (outputs.empty() || outputs.size() % step != 0) {
    throw std::invalid_argument("outputs must hold base * (factors + 2) = base * " +
                                std::to_string(step) + " values (base >= 1), got " +
                                std::to_string(outputs.size()));
  }
  const std::size_t base = outputs.size() / step;
  if (base > kCounterLimit) {
    throw std::invalid_argument("outputs must come from at most " + std::to_string(kCounterLimit) +
                                " base rows, got " + std::to_string(base));
  }
  // Centred on the mean of all outputs, as SALib does before estimating:
  // the S1 estimator's spread grows with the square of the output's mean.
  // (SALib also divides by the standard deviation, which the ratios do not
  // see.)
  const double centre = mean_of(outputs);
  std::vector<double> centred(outputs.begin(), outputs.end());
  for (double& v : centred) v -= centre;
  const SaltelliOutputs y{centred, factors};

  SobolIndices indices;
  indices.S1.resize(factors);
  indices.ST.resize(factors);
  std::vector<std::uint32_t> rows(base);
  std::iota(rows.begin(), rows.end(), 0U);
  sobol_estimates(y, rows, indices.S1, indices.ST);

  // The same resampled rows for every factor and both indices, as SALib's.
  const std::size_t resamples = options.resamples;
  std::vector<double> first_resampled(factors * resamples);  // factor-major
  std::vector<double> total_resampled(factors * resamples);
  std::vector<double> first(factors);
  std::vector<double> total(factors);
  const RandomStream stream = RandomStreams(options.seed).named("sensitivity.sobol");
  const auto base_count = static_cast<std::uint32_t>(base);
  for (std::size_t r = 0; r < resamples; ++r) {
    Draws draws(stream, BootstrapDraw::kResample, 0, static_cast<std::uint32_t>(r));
    for (std::uint32_t& row : rows) row = draws.next_below(base_count);
    sobol_estimates(y, rows, first, total);
    for (std::size_t i = 0; i < factors; ++i) {
      first_resampled[i * resamples + r] = first[i];
      total_resampled[i * resamples + r] = total[i];
    }
  }
  indices.S1_conf.resize(factors);
  indices.ST_conf.resize(factors);
  const std::span<const double> first_all(first_resampled);
  const std::span<const double> total_all(total_resampled);
  for (std::size_t i = 0; i < factors; ++i) {
    indices.S1_conf[i] =
        conf_half_width(first_all.subspan(i * resamples, resamples), options.conf_level);
    indices.ST_conf[i] =
        conf_half_width(total_all.subspan(i * resamples, resamples), options.conf_level);
  }
  return indices;
}

MorrisIndices morris_indices(const UnitDesign& design, std::span<const double> outputs,
                             std::size_t factors, const BootstrapOptions& options) {
  if (factors == 0) throw std::invalid_argument("factors must be at least 1, got 0");
  check_options(options);
  if (design.size() != outputs.size()) {
    throw std::invalid_argument(
        "outputs must hold one value per design row: " + std::to_string(design.size()) +
        " rows, got " + std::to_string(outputs.size()) + " outputs");
  }
  const std::size_t rows_per_trajectory = factors + 1;
  if (design.empty() || design.size() % rows_per_trajectory != 0) {
    throw std::invalid_argument("design must hold whole trajectories of factors + 1 = " +
                                std::to_string(rows_per_trajectory) + " rows, got " +
                                std::to_string(design.size()) + " rows");
  }
  for (std::size_t row = 0; row < design.size(); ++row) {
    if (design[row].size() != factors) {
      throw std::invalid_argument("design row " + std::to_string(row) + " must have " +
                                  std::to_string(factors) + " factors, got " +
                                  std::to_string(design[row].size()));
    }
  }
  const std::size_t trajectories = design.size() / rows_per_trajectory;
  if (trajectories > kCounterLimit) {
    throw std::invalid_argument("design must hold at most " + std::to_string(kCounterLimit) +
                                " trajectories, got " + std::to_string(trajectories));
  }

  // effects[factor * trajectories + t]: the elementary effect of the factor
  // in trajectory t, each factor moving exactly once per trajectory.
  std::vector<double> effects(factors * trajectories, kNaN);
  std::vector<bool> moved(factors);
  for (std::size_t t = 0; t < trajectories; ++t) {
    std::fill(moved.begin(), moved.end(), false);
    const std::size_t first_row = t * rows_per_trajectory;
    for (std::size_t row = first_row + 1; row < first_row + rows_per_trajectory; ++row) {
      const std::vector<double>& before = design[row - 1];
      const std::vector<double>& after = design[row];
      std::size_t changed = factors;
      std::size_t change_count = 0;
      for (std::size_t i = 0; i < factors; ++i) {
        if (after[i] != before[i]) {
          changed = i;
          ++change_count;
        }
      }
      if (change_count != 1 || moved[changed]) {
        throw std::invalid_argument(
            "design rows " + std::to_string(row - 1) + " and " + std::to_string(row) +
            " (trajectory " + std::to_string(t) + ") must differ in exactly one factor not " +
            "moved before in the trajectory; they differ in " + std::to_string(change_count));
      }
      moved[changed] = true;
      effects[changed * trajectories + t] =
          (outputs[row] - outputs[row - 1]) / (after[changed] - before[changed]);
    }
  }

  MorrisIndices indices;
  indices.mu.resize(factors);
  indices.mu_star.resize(factors);
  indices.sigma.resize(factors);
  indices.mu_star_conf.resize(factors);
  const RandomStream stream = RandomStreams(options.seed).named("sensitivity.morris");
  const auto trajectory_count = static_cast<std::uint32_t>(trajectories);
  std::vector<double> mu_star_resampled(options.resamples);
  const std::span<const double> all_effects(effects);
  for (std::size_t i = 0; i < factors; ++i) {
    const std::span<const double> ee = all_effects.subspan(i * trajectories, trajectories);
    double absolute_sum = 0.0;
    for (const double e : ee) absolute_sum += std::fabs(e);
    indices.mu[i] = mean_of(ee);
    indices.mu_star[i] = absolute_sum / static_cast<double>(trajectories);
    indices.sigma[i] = sample_std(ee);
    // Each factor resampled on its own, as SALib's compute_mu_star_confidence.
    for (std::size_t r = 0; r < options.resamples; ++r) {
      Draws draws(stream, BootstrapDraw::kResample, static_cast<std::uint32_t>(i),
                  static_cast<std::uint32_t>(r));
      double resampled_sum = 0.0;
      for (std::size_t n = 0; n < trajectories; ++n) {
        resampled_sum += std::fabs(ee[draws.next_below(trajectory_count)]);
      }
      mu_star_resampled[r] = resampled_sum / static_cast<double>(trajectories);
    }
    indices.mu_star_conf[i] = conf_half_width(mu_star_resampled, options.conf_level);
  }
  return indices;
}

}  // namespace panopticon
