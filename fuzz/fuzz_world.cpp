// libFuzzer target: arbitrary bytes as a world file (world.hpp).
//
// The contract `panopticon world` relies on: every input ends as a world
// whose exporter is one of its countries and whose every neighbour is a
// country of the world, or as a ScenarioError, printed as one `error: ` line
// with exit status 2, before any country runs. Any other exception, a crash,
// a leak, undefined behaviour, or a message that would not print as one
// clean line is a bug. Worlds name their country scenarios relative to
// fuzz/world/ (fuzz-smoke.sh runs from the repository's root; the seeds in
// fuzz/corpus/world name importer.toml and exporter.toml there). Inputs over
// the program's limit on a world file (kMostWorldFileBytes) are skipped: the
// program refuses them unread.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/world.hpp"

namespace {

constexpr const char* kTarget = "fuzz_world";

// At most 8 countries: each country's scenario is loaded and checked while
// the world is read, and [synthetic] draws up to 1,999 of them, which under
// the sanitizers would pass libFuzzer's timeout; larger worlds are refused
// by the same rule as in the program.
constexpr std::size_t kMostCountries = 8;

[[noreturn]] void bug(const char* what, const std::string& detail) {
  fuzz_contract::bug(kTarget, what, detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > panopticon::kMostWorldFileBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const panopticon::WorldSpec world =
        panopticon::parse_world(text, "fuzz.toml", "fuzz/world", kMostCountries);
    const std::size_t n = world.countries.size();
    if (n > kMostCountries)
      bug("a world past its cap on countries was accepted", std::string(text));
    if (world.exporter >= n) bug("the exporter is no country of the world", std::string(text));
    for (const panopticon::CountrySpec& c : world.countries) {
      for (const std::size_t neighbour : c.neighbours) {
        if (neighbour >= n) bug("a neighbour is no country of the world", std::string(text));
      }
    }
  } catch (const panopticon::ScenarioError& e) {
    fuzz_contract::check_message(kTarget, e.what());
  } catch (const std::exception& e) {
    bug("exception other than ScenarioError", e.what());
  } catch (...) {
    bug("non-standard exception", "");
  }
  return 0;
}
