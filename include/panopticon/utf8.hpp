#pragma once
// UTF-8 for text a user or a file supplies: what it is, character by
// character, and how to show any of it on one terminal line (scenario errors,
// checkpoint errors).
#include <cstddef>
#include <string>
#include <string_view>

namespace panopticon::utf8 {

// Bytes in the character at text[i] (i < text.size()) and its code point, or
// 0 when they are not well-formed UTF-8: a stray or cut-short sequence, an
// overlong form, a surrogate, or beyond U+10FFFF.
inline std::size_t sequence_length(std::string_view text, std::size_t i, char32_t& code) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  char32_t least = 0;
  if (lead < 0x80) {
    code = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
    code = lead & 0x1FU;
    least = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    code = lead & 0x0FU;
    least = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    code = lead & 0x07U;
    least = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0U) != 0x80U) return 0;
    code = (code << 6U) | (b & 0x3FU);
  }
  if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

// Characters (code points; a stray byte counts as one) in text.
inline std::size_t length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    char32_t code = 0;
    const std::size_t n = sequence_length(text, i, code);
    i += n == 0 ? 1 : n;
  }
  return count;
}

// The first `count` characters of text.
inline std::string_view prefix(std::string_view text, std::size_t count) {
  std::size_t i = 0;
  for (; i < text.size() && count > 0; --count) {
    char32_t code = 0;
    const std::size_t n = sequence_length(text, i, code);
    i += n == 0 ? 1 : n;
  }
  return text.substr(0, i);
}

// Text with control characters and bytes that are not UTF-8 written as
// escapes (\n, \t, \u0001, \xFF), so that it prints as one line and cannot
// drive the terminal.
inline std::string printable(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = 0;
    const std::size_t n = sequence_length(text, i, code);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (n == 0) {
      out += "\\x";
      out += kHex[byte >> 4U];
      out += kHex[byte & 0xFU];
      ++i;
      continue;
    }
    if (code == '\n') {
      out += "\\n";
    } else if (code == '\r') {
      out += "\\r";
    } else if (code == '\t') {
      out += "\\t";
    } else if (code < 0x20 || code == 0x7F || (code >= 0x80 && code < 0xA0)) {
      out += "\\u00";
      out += kHex[code >> 4U];
      out += kHex[code & 0xFU];
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace panopticon::utf8
