// libFuzzer target: arbitrary bytes as a sweep plan (sweep_plan.hpp).
//
// The contract `panopticon sweep` relies on: every input ends as a plan
// whose every point is a valid scenario, or as a ScenarioError, printed as
// one `error: ` line with exit status 2, before any run starts. Any other
// exception, a crash, a leak, undefined behaviour, or a message that would
// not print as one clean line is a bug. Plans name their scenario relative
// to scenarios/epstein-2002/ (fuzz-smoke.sh runs from the repository's
// root; the seeds name run2.toml). Inputs over the program's limit on a
// plan file (kPlanMostBytes) are skipped: the program refuses them unread.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/sweep_plan.hpp"

namespace {

constexpr const char* kTarget = "fuzz_plan";

[[noreturn]] void bug(const char* what, const std::string& detail) {
  fuzz_contract::bug(kTarget, what, detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > panopticon::kPlanMostBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    // At most 2,000 runs: a plan of 10^5 points takes seconds to check
    // point by point, which under the sanitizers would pass libFuzzer's
    // timeout; larger plans are refused by the same rule as in the program.
    const panopticon::SweepPlan plan =
        panopticon::parse_plan(text, "fuzz.toml", "scenarios/epstein-2002", 2000);
    const panopticon::DesignPoints points = panopticon::design_points(plan);
    if (panopticon::run_count(plan, points) > plan.max_runs) {
      bug("a plan past its own max_runs was accepted", std::string(text));
    }
    for (const auto& row : points.values) {
      if (row.size() != plan.factors.size()) bug("a point without a value per factor", "");
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
