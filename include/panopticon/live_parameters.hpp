#pragma once
// The parameters of a running model: the scenario's values, and the changes
// made while it runs (Model::adopt, Model::retire, Model::set_parameter),
// each in force from a tick on. The engines read legitimacy and cop density
// from here, and the compliance layer which mechanisms are on and every
// mechanism's parameters, so that a checkpoint, which holds the changes,
// resumes with exactly the parameters the run had.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "panopticon/parameter.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/state_archive.hpp"

namespace panopticon {

struct ParameterChange {
  std::int64_t from_tick = 0;  // the first tick it is in force
  std::string key;
  std::string value;  // TOML text, as given (checked again when a checkpoint is loaded)
};

class LiveParameters {
  struct Entry {
    ParamValue base;  // the scenario's value (a Schedule for L and cop density)
    std::vector<std::pair<std::int64_t, ParamValue>> changes;  // by from_tick, in order
    const ParamValue& at(std::int64_t tick) const;
  };

 public:
  explicit LiveParameters(const Scenario& scenario);

  // A number (or a schedulable one) followed through time; cheap to read,
  // and valid as long as the LiveParameters it came from.
  class Number {
   public:
    Number() = default;
    double at(std::int64_t tick) const;
    // The same at every tick: no schedule and no change.
    bool constant() const;

   private:
    friend class LiveParameters;
    explicit Number(const Entry* entry) : entry_(entry) {}
    const Entry* entry_ = nullptr;
  };
  // Throws std::logic_error for a key that is no parameter.
  Number number(const std::string& key) const;

  ParamValue value_at(const std::string& key, std::int64_t tick) const;
  double real_at(const std::string& key, std::int64_t tick) const;
  std::int64_t whole_at(const std::string& key, std::int64_t tick) const;
  bool flag_at(const std::string& key, std::int64_t tick) const;
  std::string choice_at(const std::string& key, std::int64_t tick) const;
  // Whether a mechanism acts in tick `tick`: enabled, and start_tick <= tick <= end_tick.
  bool active_at(const std::string& mechanism, std::int64_t tick) const;
  // The same for one mechanism, without looking its parameters up by name
  // (the layer asks every tick).
  class Window {
   public:
    bool active_at(std::int64_t tick) const;
    // The start_tick in force at `tick`.
    std::int64_t start_at(std::int64_t tick) const;
    // Made as `tick` begins: active, and its start_tick is `tick` (a
    // mechanism on already is stopped and made again: Model::adopt after
    // Model::retire, between two ticks).
    bool made_at(std::int64_t tick) const { return active_at(tick) && start_at(tick) == tick; }

   private:
    friend class LiveParameters;
    const Entry* enabled_ = nullptr;
    const Entry* start_ = nullptr;
    const Entry* end_ = nullptr;
  };
  Window window(const std::string& mechanism) const;

  // Records a change whose value the caller has checked.
  void add(ParameterChange change, ParamValue value);
  const std::vector<ParameterChange>& changes() const { return changes_; }
  // The same changes as another model's (a strip cut from a whole engine).
  void copy_changes_from(const LiveParameters& other);
  // Every parameter as in force at `tick` (each key's latest value), with
  // the place each was set; for checks of a change against the others.
  ParamValues values_at(std::int64_t tick) const;

  // Whether a change of `key` from `from_tick` can take effect: a live
  // parameter's at any tick; another parameter of a mechanism only while
  // the mechanism is off then or is made then (it reads them when it is
  // made). Empty when it can, else why not.
  std::string refusal(const std::string& key, std::int64_t from_tick) const;

  // The changes; on load each is checked again as a --set would be (and
  // the parameters in force at each tick a change takes effect, as a
  // scenario is), and must take effect after tick 0 and by `next_tick`.
  void walk_state(StateArchive& archive, std::int64_t next_tick);

 private:
  const Scenario* scenario_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::vector<ParameterChange> changes_;
};

}  // namespace panopticon
