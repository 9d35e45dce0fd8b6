#include "panopticon/scenario_error.hpp"

#include <fmt/format.h>

namespace panopticon {

std::string place_text(const SourcePlace& place) {
  if (place.line <= 0) return place.file;
  return fmt::format("{}:{}:{}", place.file, place.line, place.column);
}

namespace {
std::string compose(const SourcePlace& place, const std::string& key, const std::string& value,
                    const std::string& problem, const std::string& allowed) {
  std::string out = place_text(place) + ": ";
  if (!key.empty()) out += key + (value.empty() ? "" : " = " + value) + ": ";
  out += problem;
  if (!allowed.empty()) out += "; allowed: " + allowed;
  return out;
}
}  // namespace

ScenarioError::ScenarioError(SourcePlace place, std::string key, std::string value,
                             std::string problem, std::string allowed)
    : std::runtime_error(compose(place, key, value, problem, allowed)),
      place_(std::move(place)),
      key_(std::move(key)) {}

}  // namespace panopticon
