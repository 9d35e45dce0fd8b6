#pragma once
// Shared by the mechanism files: short ways to declare parameters and
// results and to read parameters.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"

namespace panopticon::mechanisms {

// MechanismInfo::create for a mechanism class M(scenario, society, info).
template <typename M>
auto creator() {
  return [](const Scenario& scenario, Society& society,
            const MechanismInfo& info) -> std::unique_ptr<Mechanism> {
    return std::make_unique<M>(scenario, society, info);
  };
}

inline ParamSpec enabled(const std::string& mechanism, const std::string& what) {
  return param_flag(mechanism + ".enabled", false, "switches " + what + " on",
                    "mechanisms.md section 2");
}
inline ParamSpec real(const std::string& name, double def, double min, double max,
                      const std::string& unit, const std::string& description,
                      const std::string& source) {
  return param_number(name, ParamType::kFloat, def, min, max, unit, description, source);
}
inline ParamSpec whole(const std::string& name, std::int64_t def, double min, double max,
                       const std::string& unit, const std::string& description,
                       const std::string& source) {
  return param_number(name, ParamType::kInt, def, min, max, unit, description, source);
}
inline OutputColumn level(const std::string& name, const std::string& unit,
                          const std::string& meaning) {
  return OutputColumn{name, unit, meaning, Reduce::kMean};
}
inline OutputColumn flow(const std::string& name, const std::string& unit,
                         const std::string& meaning) {
  return OutputColumn{name, unit, meaning, Reduce::kSum};
}

// Reads `<prefix>.<key>` of a scenario.
class Params {
 public:
  Params(const Scenario& scenario, std::string prefix)
      : scenario_(scenario), prefix_(std::move(prefix)) {}
  double real(const std::string& key) const { return scenario_.params.get_float(prefix_ + key); }
  std::int64_t whole(const std::string& key) const {
    return scenario_.params.get_int(prefix_ + key);
  }
  bool flag(const std::string& key) const { return scenario_.params.get_bool(prefix_ + key); }
  const std::string& choice(const std::string& key) const {
    return scenario_.params.get_choice(prefix_ + key);
  }

 private:
  const Scenario& scenario_;
  std::string prefix_;
};

// Adds an independent channel with recording chance q to a perceived chance.
inline void add_watch(float& watch, double q) {
  watch = static_cast<float>(1.0 - (1.0 - static_cast<double>(watch)) * (1.0 - q));
}

inline void shift_legitimacy(Society& s, std::uint32_t id, double by) {
  s.legitimacy_shift[id] =
      std::clamp(static_cast<float>(static_cast<double>(s.legitimacy_shift[id]) + by), -1.0F, 1.0F);
}

inline constexpr const char* kModelling = "modelling default";

}  // namespace panopticon::mechanisms
