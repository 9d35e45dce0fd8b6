// libFuzzer target: arbitrary bytes as a scenario file.
//
// The contract the command-line program relies on: every input ends as a
// Scenario or a ScenarioError, whose message is printed as one `error: ` line
// and exit status 2. So any other exception, a crash, a leak, undefined
// behaviour, or an error message that would not print as one clean line is a
// bug. A valid scenario must also survive the round trip through to_toml,
// which `validate` prints and metadata.json records for repeating a run.
// Inputs over the program's limit on a scenario file (kScenarioMostBytes,
// input_file.hpp) are skipped: the program refuses them before parsing.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"

namespace {

constexpr const char* kTarget = "fuzz_scenario";

[[noreturn]] void bug(const char* what, const std::string& detail) {
  fuzz_contract::bug(kTarget, what, detail);
}

void check_round_trip(const panopticon::Scenario& scenario) {
  const std::string resolved = panopticon::to_toml(scenario);
  panopticon::Scenario again;
  try {
    again = panopticon::parse_scenario(resolved, "resolved.toml");
  } catch (const panopticon::ScenarioError& e) {
    bug("the resolved scenario does not parse again", std::string(e.what()) + "\n" + resolved);
  }
  if (panopticon::to_toml(again) != resolved || again.params.values != scenario.params.values) {
    bug("the resolved scenario reads back differently", resolved);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > panopticon::kScenarioMostBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_round_trip(panopticon::parse_scenario(text, "fuzz.toml"));
  } catch (const panopticon::ScenarioError& e) {
    fuzz_contract::check_message(kTarget, e.what());
  } catch (const std::exception& e) {
    bug("exception other than ScenarioError", e.what());
  } catch (...) {
    bug("non-standard exception", "");
  }
  return 0;
}
