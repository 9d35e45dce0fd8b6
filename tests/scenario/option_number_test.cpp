#include "panopticon/option_number.hpp"

#include <gtest/gtest.h>

#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

std::string integer_error(const std::string& text, std::int64_t min = 0,
                          std::int64_t max = 9000000000000000000) {
  try {
    parse_option_integer("--seed", text, min, max);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(OptionNumber, WholeNumbersWithinTheBounds) {
  EXPECT_EQ(parse_option_integer("--steps", "0", 0, 10), 0);
  EXPECT_EQ(parse_option_integer("--steps", "+10", 0, 10), 10);
  EXPECT_EQ(parse_option_integer("--steps", "1e1", 0, 10), 10);
  EXPECT_EQ(parse_option_integer("--seed", "9000000000000000000", 0, 9000000000000000000),
            9000000000000000000);
}

TEST(OptionNumber, ErrorsQuoteWhatWasTyped) {
  const std::string allowed = "; allowed: a whole number from 0 to 9000000000000000000";
  EXPECT_EQ(integer_error("99999999999999999999"),
            "--seed 99999999999999999999: out of range" + allowed);
  // As a double it equals the maximum; as typed it is above it.
  EXPECT_EQ(integer_error("9000000000000000001"),
            "--seed 9000000000000000001: out of range" + allowed);
  EXPECT_EQ(integer_error("-1"), "--seed -1: out of range" + allowed);
  EXPECT_EQ(integer_error("abc"), "--seed abc: not a number" + allowed);
  EXPECT_EQ(integer_error(""), "--seed : not a number" + allowed);
  EXPECT_EQ(integer_error("0x10"), "--seed 0x10: not a number" + allowed);
  EXPECT_EQ(integer_error("inf"), "--seed inf: not a number" + allowed);
  EXPECT_EQ(integer_error("2.5"), "--seed 2.5: not a whole number" + allowed);
  EXPECT_EQ(integer_error("1e400"), "--seed 1e400: out of range" + allowed);
  // Beyond 2^53 only digits say which whole number is meant.
  EXPECT_EQ(integer_error("1e17"), "--seed 1e17: not a whole number" + allowed);
}

TEST(OptionNumber, RealNumbers) {
  EXPECT_DOUBLE_EQ(parse_option_number("--progress-timeout", "2.5", 0.0, 1e9), 2.5);
  try {
    parse_option_number("--progress-timeout", "abc", 0.0, 1e9);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "--progress-timeout abc: not a number; allowed: a number from 0 to 1000000000");
  }
  EXPECT_THROW(parse_option_number("--progress-timeout", "-1", 0.0, 1e9), ScenarioError);
  EXPECT_THROW(parse_option_number("--progress-timeout", "nan", 0.0, 1e9), ScenarioError);
}

// A whole-number parameter is checked in integers: 9000000000000000001
// equals model.seed's maximum as a double, and is refused.
TEST(OptionNumber, ParametersCheckWholeNumbersExactly) {
  EXPECT_EQ(parse_scenario("[model]\nseed = 9000000000000000000\n", "s.toml").seed,
            9000000000000000000U);
  try {
    parse_scenario("[model]\nseed = 9000000000000000001\n", "s.toml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "s.toml:2:1: model.seed = 9000000000000000001: out of range; allowed: a whole "
                 "number from 0 to 9000000000000000000");
  }
}

// "a.b = 5" is a.b=5; a whole table is named as one.
TEST(OptionNumber, OverridesAreTrimmed) {
  const Override o = parse_override("  citizens.k = 3.5 ");
  EXPECT_EQ(o.key, "citizens.k");
  EXPECT_EQ(o.value, "3.5");
  EXPECT_DOUBLE_EQ(parse_scenario("", "s.toml", {o}).k, 3.5);
}

}  // namespace
}  // namespace panopticon
