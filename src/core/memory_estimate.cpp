#include "panopticon/memory_estimate.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "panopticon/compliance.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {

namespace {

// Measured in docs/BENCHMARKS.md, "Memory per agent".
constexpr double kSynchronousPerCell = 25.0;      // code 1, occupant 16, claim keys 8
constexpr double kSynchronousPerPrisoner = 20.0;  // off the lattice
constexpr double kSequentialPerCell = 17.0;       // counts, list heads, occupancy
constexpr double kSequentialPerAgent = 26.0;      // 22 of columns, 4 of the order array
// The layer with every mechanism on: society columns 63, the mechanisms'
// own columns and per-tick scratch about 41; per cell 17; the network 4.4
// bytes per link end (44 at degree 10).
constexpr double kLayerPerCitizen = 104.0;
constexpr double kLayerPerCell = 17.0;
constexpr double kNetworkPerLinkEnd = 4.4;
constexpr double kProcess = 8.0 * 1024 * 1024;  // the program itself
constexpr double kSlack = 1.25;                 // allocators, vectors' growth

double line_value(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      std::istringstream fields(line.substr(key.size()));
      double kib = 0.0;
      if (fields >> kib) return kib * 1024.0;
    }
  }
  return -1.0;
}

double file_number(const std::string& file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text) || text == "max") return -1.0;
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return -1.0;
  }
}

}  // namespace

double MemoryEstimate::total() const {
  double sum = 0.0;
  for (const Part& p : parts) sum += p.bytes;
  return sum;
}

std::string MemoryEstimate::describe() const {
  std::vector<std::string> items;
  for (const Part& p : parts) items.push_back(fmt::format("{} {}", p.what, format_bytes(p.bytes)));
  return fmt::format("about {}: {}", format_bytes(total()), fmt::join(items, ", "));
}

std::string format_bytes(double bytes) {
  constexpr double kKiB = 1024.0;
  if (bytes >= kKiB * kKiB * kKiB * kKiB)
    return fmt::format("{:.1f} TiB", bytes / (kKiB * kKiB * kKiB * kKiB));
  if (bytes >= kKiB * kKiB * kKiB) return fmt::format("{:.1f} GiB", bytes / (kKiB * kKiB * kKiB));
  if (bytes >= kKiB * kKiB) return fmt::format("{:.0f} MiB", bytes / (kKiB * kKiB));
  return fmt::format("{:.0f} KiB", std::max(1.0, bytes / kKiB));
}

MemoryEstimate estimate_memory(const Scenario& s) {
  const double cells = static_cast<double>(s.width) * static_cast<double>(s.height);
  const double citizens = std::ceil(s.citizen_density * cells);
  // Cops are few and at most what their schedule reaches at either end.
  const double cop_density = std::max(s.cop_density.value_at(0),
                                      s.cop_density.value_at(std::max<std::int64_t>(s.steps, 0)));
  const double agents = citizens + std::ceil(cop_density * cells);
  MemoryEstimate e;
  if (s.synchronous) {
    e.parts.push_back({"the lattice (25 bytes per cell)", kSynchronousPerCell * cells});
    e.parts.push_back({"prisoners (20 bytes per citizen)", kSynchronousPerPrisoner * citizens});
  } else {
    e.parts.push_back({"the lattice (17 bytes per cell)", kSequentialPerCell * cells});
    e.parts.push_back({"the agents (26 bytes each)", kSequentialPerAgent * agents});
  }
  std::size_t columns = model_columns().size();
  if (Compliance::wanted(s)) {
    const double degree = static_cast<double>(s.params.get_int("network.degree"));
    e.parts.push_back({"the compliance layer (104 bytes per citizen, 17 per cell)",
                       kLayerPerCitizen * citizens + kLayerPerCell * cells});
    e.parts.push_back({fmt::format("the social network (degree {})", degree),
                       kNetworkPerLinkEnd * degree * citizens});
    columns = Compliance::columns().size();
  }
  const double rows = static_cast<double>(std::max<std::int64_t>(s.steps, 0)) + 1.0;
  e.parts.push_back({fmt::format("the results table ({} columns x {} ticks)", columns + 1,
                                 static_cast<std::int64_t>(rows)),
                     8.0 * static_cast<double>(columns + 1) * rows});
  double sum = kProcess;
  for (const auto& p : e.parts) sum += p.bytes;
  e.parts.push_back({"the program and slack", kProcess + (kSlack - 1.0) * sum});
  return e;
}

std::optional<MemoryLimit> available_memory() {
  std::optional<MemoryLimit> best;
  const auto consider = [&best](double bytes, const std::string& source) {
    if (bytes < 0) return;
    if (!best || bytes < best->bytes) best = MemoryLimit{bytes, source};
  };
  consider(line_value("/proc/meminfo", "MemAvailable:"), "MemAvailable in /proc/meminfo");
  const double cgroup_max = file_number("/sys/fs/cgroup/memory.max");
  if (cgroup_max >= 0) {
    const double current = std::max(0.0, file_number("/sys/fs/cgroup/memory.current"));
    consider(cgroup_max - current, "the cgroup's memory.max less its memory.current");
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const double used = std::max(0.0, line_value("/proc/self/status", "VmSize:"));
    consider(static_cast<double>(limit.rlim_cur) - used, "the address-space limit (ulimit -v)");
  }
  return best;
}

void check_memory(const Scenario& s, const MemoryLimit& limit) {
  const MemoryEstimate e = estimate_memory(s);
  if (e.total() <= limit.bytes) return;
  const auto place = s.params.places.find("lattice.width");
  throw ScenarioError(
      place != s.params.places.end() ? place->second : SourcePlace{"default", 0, 0},
      "lattice.width", fmt::format("{} (x lattice.height = {})", s.width, s.height),
      fmt::format("the run needs {}, more than the {} this process may use ({})", e.describe(),
                  format_bytes(limit.bytes), limit.source),
      "a scenario that fits: a smaller lattice.width x lattice.height or citizens.density, "
      "fewer model.steps (the results table holds every tick), the layer off, or a machine "
      "with more memory");
}

}  // namespace panopticon
