#include "panopticon/option_number.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "panopticon/parameter.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {

namespace {

[[noreturn]] void fail(const std::string& option, const std::string& text,
                       const std::string& problem, const std::string& allowed) {
  throw ScenarioError(SourcePlace{option + " " + text, 0, 0}, "", "", problem, allowed);
}

// The whole of `text` is a decimal number (strtod's syntax, no spaces, no
// hexadecimal, no inf or nan): what a user means by a number.
bool looks_numeric(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos) {
    return false;
  }
  char* end = nullptr;
  errno = 0;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

}  // namespace

std::int64_t parse_option_integer(const std::string& option, const std::string& text,
                                  std::int64_t min, std::int64_t max) {
  const std::string allowed = fmt::format("a whole number from {} to {}", min, max);
  if (!looks_numeric(text)) fail(option, text, "not a number", allowed);
  const bool digits =
      text.find_first_not_of("0123456789", text[0] == '-' || text[0] == '+' ? 1 : 0) ==
      std::string::npos;
  if (!digits) {
    // 1e3 is a whole number too; 2.5 is not. Beyond 2^53 a double no
    // longer holds every whole number, so only digits say which one.
    const double v = std::strtod(text.c_str(), nullptr);
    if (!(v >= static_cast<double>(min) && v <= static_cast<double>(max))) {
      fail(option, text, "out of range", allowed);
    }
    if (v != std::floor(v) || std::abs(v) > 9007199254740992.0) {
      fail(option, text, "not a whole number", allowed);
    }
    return static_cast<std::int64_t>(v);
  }
  std::int64_t v = 0;
  const char* first = text.c_str() + (text[0] == '+' ? 1 : 0);
  const auto [end, error] = std::from_chars(first, text.c_str() + text.size(), v);
  if (error != std::errc{} || end != text.c_str() + text.size() || v < min || v > max) {
    fail(option, text, "out of range", allowed);
  }
  return v;
}

double parse_option_number(const std::string& option, const std::string& text, double min,
                           double max) {
  const std::string allowed = fmt::format("a number from {} to {}", value_text(ParamValue{min}),
                                          value_text(ParamValue{max}));
  if (!looks_numeric(text)) fail(option, text, "not a number", allowed);
  const double v = std::strtod(text.c_str(), nullptr);
  if (!(v >= min && v <= max)) fail(option, text, "out of range", allowed);
  return v;
}

}  // namespace panopticon
