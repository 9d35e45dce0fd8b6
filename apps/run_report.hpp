#pragma once
// What a finished run prints on stdout, the same for `panopticon run`,
// `panopticon resume` and panopticon_mpi: the scenario, where it resumed
// from, the summary (rates per 1,000 citizens), the outputs line, the speed
// and the peak memory.
#include <filesystem>
#include <string>

#include "panopticon/run_driver.hpp"

namespace panopticon {

// `program` heads the report ("panopticon", "panopticon_mpi");
// `memory_of` says whose peak memory it is ("" for this process alone).
void print_run_report(const std::string& program, const std::filesystem::path& directory,
                      const RunResult& result, double seconds, const std::string& memory_of = "");

}  // namespace panopticon
