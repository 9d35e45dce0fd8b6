#pragma once
// Shared by the mechanism files: short ways to declare parameters, columns
// and results and to read parameters.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"

namespace panopticon::mechanisms {

// MechanismInfo::create for a mechanism class M(const MechanismContext&).
template <typename M>
auto creator() {
  return [](const MechanismContext& context) -> std::unique_ptr<Mechanism> {
    return std::make_unique<M>(context);
  };
}

inline ParamSpec enabled(const std::string& mechanism, const std::string& what) {
  ParamSpec p = param_flag(mechanism + ".enabled", false,
                           "switches " + what + " on, from start_tick to end_tick",
                           "mechanisms.md section 2");
  p.live = true;
  return p;
}
// A number read once, when the mechanism is made.
inline ParamSpec real(const std::string& name, double def, double min, double max,
                      const std::string& unit, const std::string& description,
                      const std::string& source) {
  return param_number(name, ParamType::kFloat, def, min, max, unit, description, source);
}
// A number that may follow a schedule and change while the model runs
// (an intensity); the mechanism reads it every tick.
inline ParamSpec live(const std::string& name, double def, double min, double max,
                      const std::string& unit, const std::string& description,
                      const std::string& source) {
  ParamSpec p = real(name, def, min, max, unit, description, source);
  p.schedulable = true;
  p.live = true;
  return p;
}
inline ParamSpec whole(const std::string& name, std::int64_t def, double min, double max,
                       const std::string& unit, const std::string& description,
                       const std::string& source) {
  return param_number(name, ParamType::kInt, def, min, max, unit, description, source);
}
// A whole number that may change while the model runs (no schedule); the
// mechanism reads it every tick.
inline ParamSpec live_whole(const std::string& name, std::int64_t def, double min, double max,
                            const std::string& unit, const std::string& description,
                            const std::string& source) {
  ParamSpec p = whole(name, def, min, max, unit, description, source);
  p.live = true;
  return p;
}
inline OutputColumn level(const std::string& name, const std::string& unit,
                          const std::string& meaning) {
  return OutputColumn{name, unit, meaning, Reduce::kMean};
}
inline OutputColumn flow(const std::string& name, const std::string& unit,
                         const std::string& meaning) {
  return OutputColumn{name, unit, meaning, Reduce::kSum};
}

// A per-citizen column of the mechanism's own: saved and hashed (state),
// with the values a checkpoint may hold.
inline ColumnSpec state_column(std::string name, ColumnType type, std::string meaning, double min,
                               double max, double initial = 0.0) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.meaning = std::move(meaning);
  c.min = min;
  c.max = max;
  c.initial = initial;
  return c;
}
// A column rebuilt every tick or from other state: neither saved nor hashed.
inline ColumnSpec scratch_column(std::string name, ColumnType type, std::string meaning,
                                 ColumnScope scope = ColumnScope::kCitizen) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.scope = scope;
  c.saved = false;
  c.hashed = false;
  c.meaning = std::move(meaning);
  return c;
}

// Reads `<mechanism>.<key>` at the society's tick: the value in force now.
class Params {
 public:
  Params(const Society& society, const std::string& mechanism)
      : society_(&society), prefix_(mechanism + ".") {}
  double real(const std::string& key) const {
    return society_->live.real_at(prefix_ + key, society_->tick);
  }
  std::int64_t whole(const std::string& key) const {
    return society_->live.whole_at(prefix_ + key, society_->tick);
  }
  bool flag(const std::string& key) const {
    return society_->live.flag_at(prefix_ + key, society_->tick);
  }
  std::string choice(const std::string& key) const {
    return society_->live.choice_at(prefix_ + key, society_->tick);
  }
  // A live number, to read at each tick (cheaper than by name).
  LiveParameters::Number number(const std::string& key) const {
    return society_->live.number(prefix_ + key);
  }

 private:
  const Society* society_;
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
