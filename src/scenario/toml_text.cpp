#include "toml_text.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "panopticon/scenario_error.hpp"
#include "panopticon/utf8.hpp"

namespace panopticon::toml_text {

namespace {

enum class State : std::uint8_t {
  kCode,
  kComment,
  kBasic,         // "..."
  kLiteral,       // '...'
  kMultiBasic,    // """..."""
  kMultiLiteral,  // '''...'''
};

struct Char {
  std::size_t offset = 0;
  std::size_t bytes = 0;  // 0: not UTF-8
  char32_t code = 0;
  std::int64_t line = 1;
  std::int64_t column = 1;
  State state = State::kCode;    // the state the character is read in
  std::int64_t string_line = 0;  // where the string it is in starts
  std::int64_t string_column = 0;
};

std::size_t run_of(std::string_view text, std::size_t i, char c) {
  std::size_t n = 0;
  while (i + n < text.size() && text[i + n] == c) ++n;
  return n;
}

// Walks the text one character at a time with just enough of TOML's grammar
// to tell comments and strings from the rest, calling visit(const Char&)
// before each character; stops when visit returns false. It agrees with
// toml++ on every valid document and up to the first error of an invalid one,
// which is as far as toml++ reads.
template <typename Visit>
void lex(std::string_view text, Visit visit) {
  Char ch;
  std::size_t i = 0;
  // toml++ skips a byte-order mark without counting it as a column.
  if (text.starts_with("\xEF\xBB\xBF")) i = 3;
  std::size_t skip = 0;  // characters still to pass of a multi-character delimiter
  bool escaped = false;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    ch.offset = i;
    ch.bytes = utf8::sequence_length(text, i, ch.code);
    if (!visit(ch)) return;
    const char c = byte < 0x80 ? static_cast<char>(byte) : '\0';
    if (skip > 0) {
      --skip;
    } else if (escaped) {
      // A backslash at the end of a line continues a multi-line string, and
      // ends a single-line one where toml++ stops with an error.
      escaped = false;
      if (c == '\n' && ch.state == State::kBasic) ch.state = State::kCode;
    } else {
      switch (ch.state) {
        case State::kCode:
          if (c == '#') {
            ch.state = State::kComment;
          } else if (c == '"' || c == '\'') {
            ch.string_line = ch.line;
            ch.string_column = ch.column;
            const bool multi = run_of(text, i, c) >= 3;
            if (multi) skip = 2;
            ch.state = c == '"' ? (multi ? State::kMultiBasic : State::kBasic)
                                : (multi ? State::kMultiLiteral : State::kLiteral);
          }
          break;
        case State::kComment:
          if (c == '\n') ch.state = State::kCode;
          break;
        case State::kBasic:
          if (c == '\\') {
            escaped = true;
          } else if (c == '"' || c == '\n') {
            ch.state = State::kCode;
          }
          break;
        case State::kLiteral:
          if (c == '\'' || c == '\n') ch.state = State::kCode;
          break;
        case State::kMultiBasic:
        case State::kMultiLiteral: {
          const char quote = ch.state == State::kMultiBasic ? '"' : '\'';
          if (c == '\\' && ch.state == State::kMultiBasic) {
            escaped = true;
          } else if (c == quote) {
            // Up to two quotes may stand just before the closing three.
            const std::size_t n = run_of(text, i, quote);
            skip = (n >= 3 ? std::min<std::size_t>(n, 5) : n) - 1;
            if (n >= 3) ch.state = State::kCode;
          }
          break;
        }
      }
    }
    if (c == '\n') {
      ++ch.line;
      ch.column = 1;
    } else {
      ++ch.column;
    }
    i += ch.bytes == 0 ? 1 : ch.bytes;
  }
}

}  // namespace

void check(std::string_view text, const std::string& file) {
  lex(text, [&file, text](const Char& ch) {
    const SourcePlace place{file, ch.line, ch.column};
    if (ch.bytes == 0) {
      throw ScenarioError(place, "", "",
                          fmt::format("not valid UTF-8 (byte 0x{:02X})",
                                      static_cast<unsigned char>(text[ch.offset])),
                          "text encoded in UTF-8");
    }
    if (ch.code >= 0x80 && ch.state != State::kComment) {
      throw ScenarioError(place, "", "",
                          fmt::format("non-ASCII character U+{:04X} outside a comment",
                                      static_cast<std::uint32_t>(ch.code)),
                          "ASCII in tables, keys and values (every name and choice is ASCII); any "
                          "text in comments");
    }
    return true;
  });
}

std::optional<SourcePlace> unclosed_string_at(std::string_view text, const std::string& file,
                                              std::int64_t line, std::int64_t column) {
  std::optional<SourcePlace> found;
  lex(text, [&](const Char& ch) {
    if (ch.line < line || (ch.line == line && ch.column < column)) return true;
    if (ch.line == line && ch.column == column && (ch.code == '\n' || ch.code == '\r') &&
        (ch.state == State::kBasic || ch.state == State::kLiteral)) {
      found = SourcePlace{file, ch.string_line, ch.string_column};
    }
    return false;
  });
  return found;
}

std::optional<BareWord> bare_word_at(std::string_view text, std::int64_t line,
                                     std::int64_t column) {
  std::size_t at = std::string_view::npos;
  lex(text, [&](const Char& ch) {
    if (ch.line == line && ch.column == column && ch.state == State::kCode) at = ch.offset;
    return ch.line < line || (ch.line == line && ch.column < column);
  });
  if (at == std::string_view::npos) return std::nullopt;
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_word = [&](char c) {
    return is_letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '+';
  };
  std::size_t begin = at;
  while (begin > 0 && is_word(text[begin - 1])) --begin;
  std::size_t end = at;
  while (end < text.size() && is_word(text[end])) ++end;
  if (end == begin || !is_letter(text[begin])) return std::nullopt;
  // Only a value: the word must follow the '=' of a key-value pair.
  std::size_t before = begin;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  if (before == 0 || text[before - 1] != '=') return std::nullopt;
  return BareWord{std::string(text.substr(begin, end - begin)),
                  column - static_cast<std::int64_t>(at - begin)};
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace panopticon::toml_text
