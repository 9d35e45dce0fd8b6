#pragma once
// The memory a run needs, estimated before anything of its size is
// allocated, from the bytes per agent, per cell and per results row that
// docs/BENCHMARKS.md measures ("Memory per agent"), so that an oversized
// scenario is refused with the estimate instead of dying of std::bad_alloc
// halfway through its set-up. And the memory this process may use: the
// least of the machine's available memory, the cgroup's limit and the
// address-space limit (ulimit -v).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/scenario.hpp"

namespace panopticon {

struct MemoryEstimate {
  struct Part {
    std::string what;  // "the lattice (25 bytes per cell)"
    double bytes = 0.0;
  };
  std::vector<Part> parts;
  double total() const;
  // "about 2.1 GiB: the lattice ... 1.3 GiB, the agents ... 0.4 GiB, ..."
  std::string describe() const;
};

// The estimate for a run of `scenario` to its last tick (results table
// included), whichever engine and layer it uses. An overestimate by design
// (every citizen counted as a prisoner too, 25% on top for the
// allocator's slack), never an underestimate of what is measured.
MemoryEstimate estimate_memory(const Scenario& scenario);

struct MemoryLimit {
  double bytes = 0.0;
  std::string source;  // "MemAvailable in /proc/meminfo", "the address-space limit (ulimit -v)"
};
// What this process may still allocate; nullopt where nothing can be read.
std::optional<MemoryLimit> available_memory();

// Throws ScenarioError (exit 2) when the estimate exceeds `limit`: the
// estimate, the limit and its source, and the keys to change.
void check_memory(const Scenario& scenario, const MemoryLimit& limit);

// "1.5 GiB", "320 MiB", "12 KiB".
std::string format_bytes(double bytes);

}  // namespace panopticon
