#pragma once
// Scenario text as TOML sees it, before and after toml++ parses it: checks
// that keep toml++ away from input it mishandles, and plainer words for some
// of its errors. Internal to src/scenario.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/parameter.hpp"

namespace panopticon::toml_text {

// Throws ScenarioError at the first byte that is not UTF-8, and at the first
// non-ASCII character outside a comment.
//
// Why: toml++ 3.3.0 (Debian 12's) reaches __builtin_unreachable() when it
// asks whether some non-ASCII code points (U+00A1-U+0499, U+2C5E-U+3057,
// U+FB26-U+FEFE) are whitespace, which it does for bare text and after a
// line-ending backslash in a multi-line string (upstream issues
// marzer/tomlplusplus#190 and #295; found by fuzz/fuzz_scenario.cpp). Every
// table, key and value of a scenario is ASCII, so no valid scenario is
// refused, and comments, which toml++ never tests for whitespace, may still
// hold any text. Strings are held to ASCII too: simpler to state, and
// nothing in them may be anything else.
void check(std::string_view text, const std::string& file);

// When the character at line:column (1-based, in code points, as toml++
// counts) is the end of a line inside a single-line string, the place where
// that string starts: toml++ only says "unescaped control characters ... are
// explicitly prohibited" about a string whose closing quote is missing.
std::optional<SourcePlace> unclosed_string_at(std::string_view text, const std::string& file,
                                              std::int64_t line, std::int64_t column);

// When the character at line:column is in a bare word (letters, digits and
// "_-.+", from a letter) right after the '=' of a key-value pair: the word
// and its column. toml++ reports a string missing its quotes in words about
// what it tried instead ("expected 'nan', saw 'ne'" for netlogo).
struct BareWord {
  std::string word;
  std::int64_t column = 0;
};
std::optional<BareWord> bare_word_at(std::string_view text, std::int64_t line, std::int64_t column);

// The key-value pair on `line` (1-based), as toml++ reads it: the parts of
// the table header above it, the parts of its key (unquoted), the value's
// text up to a comment, and the key's column. Nothing when the line holds
// no key = value, or under an array of tables. For the messages about a key
// that toml++ words badly: one set twice (it prints '"k"k" ' for "k"), a
// number it cannot hold (1e400, which it calls no value).
struct KeyValueLine {
  std::vector<std::string> table;
  std::vector<std::string> key;
  std::string value;
  std::int64_t column = 0;
};
std::optional<KeyValueLine> key_value_at(std::string_view text, std::int64_t line);

// Text that reads as a number (digits, signs, '.', '_', exponents, with a
// digit), whether or not it fits one: 1e400, 99999999999999999999.
bool looks_like_number(std::string_view text);

// Text as a TOML basic string, quotes included: "a\"b\n".
std::string quoted(std::string_view text);

}  // namespace panopticon::toml_text
