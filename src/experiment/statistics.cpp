#include "panopticon/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (Numerical Recipes, 3rd ed., 6.4,
// evaluated by the modified Lentz method). It converges fast for
// x < (a + 1) / (a + b + 2), in O(sqrt(max(a, b))) terms at worst, so the
// cap is far above what a t-test on 100,000 pairs needs (about 250 terms).
double beta_continued_fraction(double a, double b, double x) {
  constexpr int kMaxTerms = 100000;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;  // keeps a denominator off zero
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    const double md = m;
    const double m2 = 2.0 * md;
    double aa = md * (b - md) * x / ((qam + m2) * (a + m2));  // the even step
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));  // the odd step
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1.0) < kEpsilon) break;
  }
  return h;
}

// ln B(a, b). lgamma(a + b) - lgamma(b) cancels badly for a large a (a
// t-test's df / 2): its rounding, about 1e-16 of lgamma(a), reaches 1e-6 at
// a = 5e8. There the difference comes from Stirling's series instead,
// whose next term, 1 / (1680 x^7), is below 1e-20 for x >= 100.
double log_beta(double a, double b) {
  const double big = std::max(a, b);
  const double small = std::min(a, b);
  if (big < 100.0) return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  auto correction = [](double x) {  // ln Gamma(x) - (x - 1/2) ln x + x - ln(2 pi) / 2
    const double x2 = x * x;
    return 1.0 / (12.0 * x) - 1.0 / (360.0 * x * x2) + 1.0 / (1260.0 * x * x2 * x2);
  };
  // ln Gamma(big + small) - ln Gamma(big)
  const double rise = (big - 0.5) * std::log1p(small / big) + small * std::log(big + small) -
                      small + correction(big + small) - correction(big);
  return std::lgamma(small) - rise;
}

// I_x(a, b) with y = 1 - x given by the caller, who may know it more
// precisely than 1 - x would give it (a t-test's x is close to 1).
double incomplete_beta(double a, double b, double x, double y) {
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(y >= 0.0)) return kNaN;
  if (x == 0.0) return 0.0;
  if (y == 0.0) return 1.0;
  // x^a y^b / B(a, b), in logarithms; the logarithm of the one near 1
  // from the other, which is the more precise.
  const double log_x = x < 0.5 ? std::log(x) : std::log1p(-y);
  const double log_y = y < 0.5 ? std::log(y) : std::log1p(-x);
  const double front = std::exp(a * log_x + b * log_y - log_beta(a, b));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  // I_x(a, b) = 1 - I_y(b, a), whose fraction converges fast here.
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(x >= 0.0 && x <= 1.0)) return kNaN;
  return incomplete_beta(a, b, x, 1.0 - x);
}

double student_t_two_sided_p(double t, double df) {
  if (std::isnan(t) || !(df > 0.0)) return kNaN;
  if (std::isinf(t)) return 0.0;
  const double t2 = t * t;
  // x = df / (df + t^2) and 1 - x = t^2 / (df + t^2), each without cancellation.
  const double p = incomplete_beta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
  return std::clamp(p, 0.0, 1.0);
}

PairedTest paired_t_test(std::span<const double> differences) {
  PairedTest out;
  out.pairs = differences.size();
  const auto n = static_cast<double>(out.pairs);
  if (out.pairs == 0) {
    out.mean = out.standard_error = out.p_value = kNaN;
    return out;
  }
  out.mean = std::accumulate(differences.begin(), differences.end(), 0.0) / n;
  if (out.pairs < 2) {
    out.standard_error = out.p_value = kNaN;
    return out;
  }
  double squares = 0.0;
  for (const double d : differences) squares += (d - out.mean) * (d - out.mean);
  out.standard_error = std::sqrt(squares / (n - 1.0) / n);
  const bool all_zero =
      std::all_of(differences.begin(), differences.end(), [](double d) { return d == 0.0; });
  if (all_zero) {
    out.p_value = 1.0;
  } else if (out.standard_error == 0.0) {
    out.p_value = 0.0;  // one nonzero difference, every time: t is infinite
  } else {
    out.p_value = student_t_two_sided_p(out.mean / out.standard_error, n - 1.0);
  }
  return out;
}

std::vector<double> holm_adjust(std::span<const double> p_values) {
  std::vector<double> adjusted(p_values.size(), kNaN);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return p_values[i] < p_values[j]; });
  const std::size_t m = order.size();
  double running = 0.0;  // adjusted p-values never decrease along the order
  for (std::size_t rank = 0; rank < m; ++rank) {
    const double scaled = static_cast<double>(m - rank) * p_values[order[rank]];
    running = std::max(running, std::min(1.0, scaled));
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

}  // namespace panopticon
