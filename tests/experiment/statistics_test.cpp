#include "panopticon/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace panopticon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b,
// I_1/2(a, a) = 1/2; and references from mpmath.betainc at 40 digits.
TEST(IncompleteBeta, ClosedFormsAndReferences) {
  for (const double x : {0.0, 0.1, 0.5, 0.9, 1.0}) {
    EXPECT_NEAR(regularized_incomplete_beta(1, 1, x), x, 1e-14);
    EXPECT_NEAR(regularized_incomplete_beta(3.5, 1, x), std::pow(x, 3.5), 1e-14);
    EXPECT_NEAR(regularized_incomplete_beta(1, 2.5, x), 1 - std::pow(1 - x, 2.5), 1e-14);
  }
  EXPECT_NEAR(regularized_incomplete_beta(7, 7, 0.5), 0.5, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(2.5, 3.5, 0.3), 0.29675298929566638, 1e-13);
  EXPECT_NEAR(regularized_incomplete_beta(30, 40, 0.6), 0.99807411120246102, 1e-13);
  // A tail far from both ends of the fraction's fast region.
  EXPECT_NEAR(regularized_incomplete_beta(0.5, 500000, 3.84e-6), 0.9499566415006093, 1e-10);
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(0, 1, 0.5)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, 1.5)));
}

TEST(StudentT, TwoSidedPAgainstKnownValues) {
  // The tables' 97.5% and 99.5% quantiles, and mpmath's values.
  EXPECT_NEAR(student_t_two_sided_p(2.262, 9), 0.05, 1e-4);
  EXPECT_NEAR(student_t_two_sided_p(2.262, 9), 0.05001284550245463, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(2.042272, 30), 0.050000048004615032, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(3.249836, 9), 0.0099999926656415965, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(0.5, 3.5), 0.64685043932255102, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(10, 5), 0.00017094757574296359, 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(40, 4), 2.3340163226012686e-6, 1e-15);
  // Large df: the normal distribution's 5%, and mpmath's t values.
  EXPECT_NEAR(student_t_two_sided_p(1.96, 1e6), 0.05, 1e-4);
  EXPECT_NEAR(student_t_two_sided_p(1.96, 1e6), 0.049996067585269791, 1e-10);
  EXPECT_NEAR(student_t_two_sided_p(1.96, 99999), 0.049998563222031, 1e-10);
  EXPECT_NEAR(student_t_two_sided_p(6, 99999), 1.9799295232435319e-9, 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(1.96, 1e9), 0.049995790573729595, 1e-9);
  // df = 1 (Cauchy): 1 - 2 atan|t| / pi; df = 2: 1 - |t| / sqrt(2 + t^2).
  for (const double t : {0.0, 0.3, 1.0, -2.0, 15.0}) {
    EXPECT_NEAR(student_t_two_sided_p(t, 1), 1 - 2 * std::atan(std::fabs(t)) / std::numbers::pi,
                1e-13)
        << t;
    EXPECT_NEAR(student_t_two_sided_p(t, 2), 1 - std::fabs(t) / std::sqrt(2 + t * t), 1e-13) << t;
  }
  EXPECT_EQ(student_t_two_sided_p(0, 9), 1.0);
  EXPECT_EQ(student_t_two_sided_p(std::numeric_limits<double>::infinity(), 9), 0.0);
  EXPECT_TRUE(std::isnan(student_t_two_sided_p(kNaN, 9)));
  EXPECT_TRUE(std::isnan(student_t_two_sided_p(1, 0)));
}

TEST(PairedTTest, MeanStandardErrorAndP) {
  // Mean 1.5, sd 1.2910, se 0.6455, t = 2.3238 on 3 df.
  const std::vector<double> d = {1, 2, 0, 3};
  const PairedTest t = paired_t_test(d);
  EXPECT_EQ(t.pairs, 4U);
  EXPECT_DOUBLE_EQ(t.mean, 1.5);
  EXPECT_NEAR(t.standard_error, std::sqrt(5.0 / 3.0 / 4.0), 1e-15);
  EXPECT_NEAR(t.p_value, student_t_two_sided_p(1.5 / std::sqrt(5.0 / 12.0), 3), 1e-15);
  EXPECT_NEAR(t.p_value, 0.102728078858399, 1e-12);
}

TEST(PairedTTest, EdgeCases) {
  const std::vector<double> zeros = {0, 0, 0};
  EXPECT_EQ(paired_t_test(zeros).p_value, 1.0);  // nothing differs
  EXPECT_EQ(paired_t_test(zeros).standard_error, 0.0);
  const std::vector<double> same = {2, 2, 2};
  EXPECT_EQ(paired_t_test(same).p_value, 0.0);  // the same nonzero difference every time
  const std::vector<double> one = {5};
  const PairedTest t1 = paired_t_test(one);
  EXPECT_EQ(t1.pairs, 1U);
  EXPECT_EQ(t1.mean, 5.0);
  EXPECT_TRUE(std::isnan(t1.standard_error));
  EXPECT_TRUE(std::isnan(t1.p_value));
  const PairedTest t0 = paired_t_test({});
  EXPECT_EQ(t0.pairs, 0U);
  EXPECT_TRUE(std::isnan(t0.mean));
  EXPECT_TRUE(std::isnan(t0.p_value));
}

// By hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 give 0.02, 0.03,
// 0.06, 0.04, and the running maximum makes the last 0.06; at 0.05 the
// first two are rejected.
TEST(Holm, HandWorkedFamily) {
  const std::vector<double> p = {0.01, kNaN, 0.04, 0.03, 0.005};
  const std::vector<double> a = holm_adjust(p);
  ASSERT_EQ(a.size(), p.size());
  EXPECT_NEAR(a[0], 0.03, 1e-15);
  EXPECT_TRUE(std::isnan(a[1]));  // no test, and not counted in m = 4
  EXPECT_NEAR(a[2], 0.06, 1e-15);
  EXPECT_NEAR(a[3], 0.06, 1e-15);
  EXPECT_NEAR(a[4], 0.02, 1e-15);
  // Capped at 1, and never below the raw p.
  const std::vector<double> big = {0.5, 0.6};
  EXPECT_EQ(holm_adjust(big), (std::vector<double>{1.0, 1.0}));
  const std::vector<double> single = {0.04};
  EXPECT_EQ(holm_adjust(single), single);
  EXPECT_TRUE(holm_adjust({}).empty());
}

}  // namespace
}  // namespace panopticon
