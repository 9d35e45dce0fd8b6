#pragma once
// An error in what the user gave: a scenario file, a --set, a missing file.
// The message names the place (file:line:column), the key, the value and
// what is allowed, so the user can fix it without reading the source.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "panopticon/parameter.hpp"

namespace panopticon {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourcePlace place, std::string key, const std::string& value,
                const std::string& problem, const std::string& allowed);

  const SourcePlace& place() const { return place_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }
  const std::string& allowed() const { return allowed_; }

  // The same error, naming what on the command line caused it ("--set
  // citizens.density=0.99"), for an error whose place is elsewhere (the
  // file's value it clashes with, a default).
  ScenarioError caused_by(const std::string& cause) const;

 private:
  SourcePlace place_;
  std::string key_;
  std::string value_;
  std::string problem_;
  std::string allowed_;
};

// "file:line:column" (or just "file" when the line is unknown). A value no
// one set has the place "default", and a message then says "KEY = VALUE (the
// default)" instead of naming a place.
std::string place_text(const SourcePlace& place);

}  // namespace panopticon
