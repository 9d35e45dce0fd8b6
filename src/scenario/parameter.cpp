#include "panopticon/parameter.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace panopticon {

std::string type_name(ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return "bool";
    case ParamType::kInt:
      return "int";
    case ParamType::kFloat:
      return "float";
    case ParamType::kIntOrInfinite:
      return "int or inf";
    case ParamType::kChoice:
      return "choice";
  }
  return "?";
}

namespace {
std::string number_text(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // A whole number as a user writes it (9000000000000000000, not 9e+18),
  // up to what a 64-bit integer holds.
  if (v == std::floor(v) && std::abs(v) < 9.2e18) {
    return fmt::format("{}", static_cast<std::int64_t>(v));
  }
  return fmt::format("{}", v);
}
}  // namespace

std::string allowed_text(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::kBool:
      return "true or false";
    case ParamType::kInt:
      return fmt::format("a whole number from {} to {}", number_text(spec.min),
                         number_text(spec.max));
    case ParamType::kFloat:
      return fmt::format("a number from {} to {}", number_text(spec.min), number_text(spec.max));
    case ParamType::kIntOrInfinite:
      return fmt::format("a whole number from {} to {}, or inf", number_text(spec.min),
                         number_text(spec.max));
    case ParamType::kChoice: {
      std::string out = "one of";
      for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        out += fmt::format("{}\"{}\"", i == 0 ? " " : ", ", spec.choices[i]);
      }
      return out;
    }
  }
  return "?";
}

std::string value_text(const ParamValue& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return fmt::format("{}", i); }
    std::string operator()(double d) const { return number_text(d); }
    std::string operator()(const std::string& s) const { return fmt::format("\"{}\"", s); }
    std::string operator()(const Schedule& s) const { return s.toml(); }
  };
  return std::visit(Visitor{}, value);
}

namespace {
const ParamValue& find(const ParamValues& p, const std::string& name) {
  auto it = p.values.find(name);
  if (it == p.values.end()) throw std::logic_error("parameter not resolved: " + name);
  return it->second;
}
}  // namespace

bool ParamValues::get_bool(const std::string& name) const {
  return std::get<bool>(find(*this, name));
}
std::int64_t ParamValues::get_int(const std::string& name) const {
  return std::get<std::int64_t>(find(*this, name));
}
double ParamValues::get_float(const std::string& name) const {
  const auto& v = find(*this, name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (std::holds_alternative<Schedule>(v)) {
    throw std::logic_error(name + " follows a schedule: read it at a tick (get_schedule)");
  }
  return std::get<double>(v);
}
Schedule ParamValues::get_schedule(const std::string& name) const {
  const auto& v = find(*this, name);
  if (const auto* s = std::get_if<Schedule>(&v)) return *s;
  return Schedule::constant(get_float(name));
}
const std::string& ParamValues::get_choice(const std::string& name) const {
  return std::get<std::string>(find(*this, name));
}

}  // namespace panopticon
