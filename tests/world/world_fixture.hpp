#pragma once
// Small worlds for the world's tests: country scenarios of a few hundred
// agents written into a fresh directory, and the world text around them.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "panopticon/atomic_file.hpp"
#include "panopticon/world.hpp"

namespace panopticon::world_test {

// An importer: the dissent layer on, no mechanism, cameras at 20% once
// adopted.
inline constexpr const char* kImporter = R"(
[model]
steps = 100
[dissent]
enabled = true
[cameras]
coverage = 0.2
)";
// The exporter: cameras and policing of its own from the start.
inline constexpr const char* kExporter = R"(
[model]
steps = 100
[dissent]
enabled = true
[cameras]
enabled = true
[policing]
enabled = true
)";
// A calm country: at L = 0.95 grievance H (1 - L) never exceeds 0.05,
// below Epstein's threshold 0.1: no citizen ever turns ACTIVE.
inline constexpr const char* kCalm = R"(
[model]
steps = 100
[legitimacy]
initial = 0.95
[dissent]
enabled = true
)";

class WorldFiles {
 public:
  explicit WorldFiles(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             ("panopticon-world-" + name + "-" + process_token())) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    write("importer.toml", kImporter);
    write("exporter.toml", kExporter);
    write("calm.toml", kCalm);
  }
  ~WorldFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  WorldFiles(const WorldFiles&) = delete;
  WorldFiles& operator=(const WorldFiles&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  WorldSpec parse(const std::string& text, const std::vector<Override>& overrides = {}) const {
    return parse_world(text, (dir_ / "world.toml").string(), dir_, kMostCountries, overrides);
  }

 private:
  std::filesystem::path dir_;
};

// A [world] table and the exporter, then `countries` (more [[country]] tables).
inline std::string world_text(const std::string& mode, const std::string& countries,
                              const std::string& extra = "") {
  return fmt::format(R"(
[world]
mode = "{}"
start_year = 2008
end_year = 2011
burn_in_years = 1
ticks_per_year = 20
exporter = "China"
{}
[[country]]
name = "China"
scenario = "exporter.toml"
region = "Asia"
population = 4e8
persons_per_agent = 1e6
openness = 0.05
{})",
                     mode, extra, countries);
}

// An importer of about 400 agents.
inline std::string importer(const std::string& name, const std::string& more = "",
                            const std::string& scenario = "importer.toml", double openness = 0.2) {
  return fmt::format(R"(
[[country]]
name = "{}"
scenario = "{}"
region = "Asia"
population = 4e6
persons_per_agent = 1e4
openness = {}
belt_and_road = true
strategic_value = 0.8
debt_exposure = 0.7
{}
)",
                     name, scenario, openness, more);
}

}  // namespace panopticon::world_test
