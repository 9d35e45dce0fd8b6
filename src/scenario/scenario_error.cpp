#include "panopticon/scenario_error.hpp"

#include <fmt/format.h>

#include "panopticon/utf8.hpp"

namespace panopticon {

std::string place_text(const SourcePlace& place) {
  if (place.line <= 0) return place.file;
  return fmt::format("{}:{}:{}", place.file, place.line, place.column);
}

namespace {

// A key or value longer than this is cut: the start says which one it is,
// and a 100 kB line would bury the rest of the message.
constexpr std::size_t kLongest = 80;
constexpr std::size_t kShownOfLong = 60;

std::string shortened(const std::string& text) {
  const std::size_t length = utf8::length(text);
  if (length <= kLongest) return text;
  return fmt::format("{}... ({} characters)", utf8::prefix(text, kShownOfLong), length);
}

// One line, whatever the input held: the program prints the message as the
// single line "error: ...", and tests and scripts read it that way.
std::string compose(const SourcePlace& place, const std::string& key, const std::string& value,
                    const std::string& problem, const std::string& allowed) {
  // A default has no place in any file: it is said so.
  const bool by_default = place.file == "default" && place.line <= 0 && !key.empty();
  std::string out = by_default ? "" : place_text(place) + ": ";
  if (!key.empty()) {
    out += shortened(key) + (value.empty() ? "" : " = " + shortened(value)) +
           (by_default ? " (the default)" : "") + ": ";
  }
  out += problem;
  if (!allowed.empty()) out += "; allowed: " + allowed;
  return utf8::printable(out);
}

}  // namespace

ScenarioError::ScenarioError(SourcePlace place, std::string key, const std::string& value,
                             const std::string& problem, const std::string& allowed)
    : std::runtime_error(compose(place, key, value, problem, allowed)),
      place_(std::move(place)),
      key_(std::move(key)),
      value_(value),
      problem_(problem),
      allowed_(allowed) {}

ScenarioError ScenarioError::caused_by(const std::string& cause) const {
  return {place_, key_, value_, problem_ + ", with " + cause, allowed_};
}

}  // namespace panopticon
