#pragma once
// A number given to a command-line option (--steps, --seed,
// --checkpoint-every, --replicates, --progress-timeout), read from the text
// as typed so that every message quotes what the user wrote: a value out of
// range is refused (never capped to what fits a type), a word is "not a
// number", and the bounds are printed as a user would write them.
#include <cstdint>
#include <string>

namespace panopticon {

// `text` as a whole number from `min` to `max`; otherwise a ScenarioError
// whose place is "OPTION TEXT": "not a number", "not a whole number" or
// "out of range", allowed "a whole number from MIN to MAX".
std::int64_t parse_option_integer(const std::string& option, const std::string& text,
                                  std::int64_t min, std::int64_t max);

// `text` as a finite number from `min` to `max`; the same errors, allowed
// "a number from MIN to MAX".
double parse_option_number(const std::string& option, const std::string& text, double min,
                           double max);

}  // namespace panopticon
