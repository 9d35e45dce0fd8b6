#pragma once
// The statistics of counterfactual pairs: Student's t distribution through
// the regularized incomplete beta function, the paired t-test and the
// Holm-Bonferroni correction of a family of p-values. NaN stands for
// undefined throughout (too few pairs, a test not made).
#include <cstddef>
#include <span>
#include <vector>

namespace panopticon {

// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and
// x in [0, 1]; NaN outside. Within about 1e-11 relative of mpmath's values
// for a t-test's arguments up to a = 5e5 (a million pairs), 1e-8 at
// a = 5e8 (tests/experiment/statistics_test.cpp).
double regularized_incomplete_beta(double a, double b, double x);

// P(|T| >= |t|) for Student's t with `df` degrees of freedom (df > 0, not
// necessarily whole): I_{df / (df + t^2)}(df / 2, 1 / 2). 0 for an infinite
// t, NaN for a NaN t or df <= 0.
double student_t_two_sided_p(double t, double df);

// A paired t-test on differences d_i (two-sided, H0: mean difference 0).
struct PairedTest {
  std::size_t pairs = 0;
  double mean = 0.0;            // NaN without pairs
  double standard_error = 0.0;  // sample sd / sqrt(pairs); NaN below 2 pairs
  // NaN below 2 pairs; 1 when every difference is 0 (nothing differs, even
  // though t is 0 / 0); 0 when the differences are all one nonzero value.
  double p_value = 0.0;
};
PairedTest paired_t_test(std::span<const double> differences);

// Holm-Bonferroni adjusted p-values of one family, in the order given:
// with the m defined p-values sorted, p_(1) <= ... <= p_(m), the adjusted
// p_(i) is max over j <= i of min(1, (m - j + 1) p_(j)). A hypothesis is
// rejected at level alpha when its adjusted p-value is <= alpha, which is
// Holm's step-down procedure. NaN entries are no test: they stay NaN and do
// not count in m.
std::vector<double> holm_adjust(std::span<const double> p_values);

}  // namespace panopticon
