#pragma once
// What every fuzz target checks of an input's outcome: an error message
// prints as one clean `error: ` line, and anything else is a bug, which
// aborts so that libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz_contract {

[[noreturn]] inline void bug(const char* target, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n%s\n", target, what, detail.c_str());
  std::abort();
}

// Not empty, and no control character: it would break the one-line
// message or drive the terminal.
inline void check_message(const char* target, const std::string& message) {
  if (message.empty()) bug(target, "empty error message", message);
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) bug(target, "control character in the error message", message);
  }
}

}  // namespace fuzz_contract
