#include "toml_text.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>

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

namespace {

// Where the first `wanted` outside quotes is in `s`, or npos.
std::size_t outside_quotes(std::string_view s, char wanted) {
  char quote = '\0';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != '\0') {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = '\0';
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == wanted) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// The parts of a (dotted, perhaps quoted) key or table name, read by toml++
// itself from `toml`, a document that holds only it.
std::optional<std::vector<std::string>> key_parts(const std::string& toml) {
  toml::table table;
  try {
    table = toml::parse(toml);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  std::vector<std::string> parts;
  const toml::table* at = &table;
  while (at != nullptr && at->size() == 1) {
    const auto first = at->cbegin();
    parts.emplace_back(first->first.str());
    at = first->second.as_table();
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(
        text.substr(start, end == std::string_view::npos ? text.size() - start : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::optional<KeyValueLine> key_value_at(std::string_view text, std::int64_t line) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto lines = lines_of(text);
  if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return std::nullopt;
  const std::string_view row = lines[static_cast<std::size_t>(line) - 1];
  const std::size_t eq = outside_quotes(row, '=');
  if (eq == std::string_view::npos) return std::nullopt;
  const std::string_view key = trimmed(row.substr(0, eq));
  if (key.empty() || key.front() == '[') return std::nullopt;
  KeyValueLine out;
  const auto parts = key_parts(std::string(key) + " = 0");
  if (!parts) return std::nullopt;
  out.key = *parts;
  std::string_view value = row.substr(eq + 1);
  value = trimmed(value.substr(0, outside_quotes(value, '#')));
  out.value = std::string(value);
  out.column = static_cast<std::int64_t>(row.find_first_not_of(" \t")) + 1;
  // The nearest table header above it.
  for (auto i = static_cast<std::size_t>(line) - 1; i-- > 0;) {
    const std::string_view header = trimmed(lines[i]);
    if (!header.starts_with('[')) continue;
    if (header.starts_with("[[")) return std::nullopt;
    const std::size_t close = outside_quotes(header, ']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto table = key_parts(std::string(header.substr(0, close + 1)));
    if (!table) return std::nullopt;
    out.table = *table;
    break;
  }
  return out;
}

bool looks_like_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789+-._eE") == std::string_view::npos &&
         text.find_first_of("0123456789") != std::string_view::npos &&
         text.find_first_of("0123456789") <= 1;
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
