#pragma once
// Whether this test binary is the sanitizer build (PANOPTICON_SANITIZE,
// tests/CMakeLists.txt). Its stage in scripts/test.sh skips the long
// statistical runs of whole scenarios: they repeat, thousands of ticks over,
// code paths that the shorter tests already drive under the sanitizers, and
// they check the model's claims, which the Release suite does.
namespace panopticon::testing {
#ifdef PANOPTICON_SANITIZED
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
}  // namespace panopticon::testing
