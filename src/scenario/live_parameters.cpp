#include "panopticon/live_parameters.hpp"

#include <fmt/format.h>
#include <algorithm>

#include <cmath>
#include <stdexcept>

#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {

namespace {
double number_of(const ParamValue& v, std::int64_t tick) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<Schedule>(&v)) return s->value_at(tick);
  throw std::logic_error("a parameter read as a number holds no number");
}
}  // namespace

const ParamValue& LiveParameters::Entry::at(std::int64_t tick) const {
  // The last change made at or before the tick. Reverse iterators rather
  // than std::views::reverse, which clang 14 with libstdc++ 12 (the fuzz
  // build) cannot instantiate for this element type.
  const auto last = std::find_if(changes.rbegin(), changes.rend(),
                                 [tick](const auto& change) { return change.first <= tick; });
  return last == changes.rend() ? base : last->second;
}

LiveParameters::LiveParameters(const Scenario& scenario) : scenario_(&scenario) {
  for (const auto& [key, value] : scenario.params.values) entries_[key] = Entry{value, {}};
  // Model I's schedules come from their tables.
  entries_["legitimacy.initial"].base = scenario.legitimacy;
  entries_["cops.density"].base = scenario.cop_density;
}

double LiveParameters::Number::at(std::int64_t tick) const {
  return number_of(entry_->at(tick), tick);
}

bool LiveParameters::Number::constant() const {
  if (!entry_->changes.empty()) return false;
  const auto* s = std::get_if<Schedule>(&entry_->base);
  return s == nullptr || !s->varies();
}

LiveParameters::Number LiveParameters::number(const std::string& key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) throw std::logic_error("no parameter " + key);
  return Number(&it->second);
}

ParamValue LiveParameters::value_at(const std::string& key, std::int64_t tick) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) throw std::logic_error("no parameter " + key);
  return it->second.at(tick);
}

double LiveParameters::real_at(const std::string& key, std::int64_t tick) const {
  return number(key).at(tick);
}

std::int64_t LiveParameters::whole_at(const std::string& key, std::int64_t tick) const {
  return std::get<std::int64_t>(value_at(key, tick));
}

bool LiveParameters::flag_at(const std::string& key, std::int64_t tick) const {
  return std::get<bool>(value_at(key, tick));
}

std::string LiveParameters::choice_at(const std::string& key, std::int64_t tick) const {
  return std::get<std::string>(value_at(key, tick));
}

bool LiveParameters::active_at(const std::string& mechanism, std::int64_t tick) const {
  return window(mechanism).active_at(tick);
}

LiveParameters::Window LiveParameters::window(const std::string& mechanism) const {
  Window w;
  w.enabled_ = &entries_.at(mechanism + ".enabled");
  w.start_ = &entries_.at(mechanism + ".start_tick");
  w.end_ = &entries_.at(mechanism + ".end_tick");
  return w;
}

std::int64_t LiveParameters::Window::start_at(std::int64_t tick) const {
  return std::get<std::int64_t>(start_->at(tick));
}

bool LiveParameters::Window::active_at(std::int64_t tick) const {
  if (!std::get<bool>(enabled_->at(tick))) return false;
  const auto t = static_cast<double>(tick);
  return static_cast<double>(std::get<std::int64_t>(start_->at(tick))) <= t &&
         t <= number_of(end_->at(tick), tick);
}

void LiveParameters::add(ParameterChange change, ParamValue value) {
  Entry& e = entries_.at(change.key);
  if (!e.changes.empty() && e.changes.back().first > change.from_tick) {
    throw std::logic_error("parameter changes must come in the order of their ticks");
  }
  // A second change from the same tick replaces the first.
  if (!e.changes.empty() && e.changes.back().first == change.from_tick) {
    e.changes.back().second = std::move(value);
  } else {
    e.changes.emplace_back(change.from_tick, std::move(value));
  }
  changes_.push_back(std::move(change));
}

void LiveParameters::copy_changes_from(const LiveParameters& other) {
  for (const ParameterChange& c : other.changes_) {
    add(c, other.entries_.at(c.key).at(c.from_tick));
  }
}

std::string LiveParameters::refusal(const std::string& key, std::int64_t from_tick) const {
  const ParamSpec* spec = find_parameter(key);
  if (spec == nullptr) return "no such parameter";
  if (spec->live) return "";
  const MechanismInfo* owner = find_mechanism(key.substr(0, key.find('.')));
  if (owner == nullptr) return "cannot change while the model runs";
  const Window w = window(owner->name);
  if (!w.active_at(from_tick) || w.made_at(from_tick)) return "";
  return fmt::format("is read when {} is made, and it is on at tick {}", owner->name, from_tick);
}

ParamValues LiveParameters::values_at(std::int64_t tick) const {
  ParamValues out = scenario_->params;
  for (const ParameterChange& c : changes_) {
    if (c.from_tick > tick) continue;
    out.values[c.key] = entries_.at(c.key).at(tick);
    out.places[c.key] = SourcePlace{
        fmt::format("a change at tick {}: {}={}", c.from_tick - 1, c.key, c.value), 0, 0};
  }
  return out;
}

void LiveParameters::walk_state(StateArchive& archive, std::int64_t next_tick) {
  std::uint64_t n = changes_.size();
  archive.value("the number of parameter changes", n);
  archive.require(n <= 1000000, "holds an impossible number of parameter changes");
  if (!archive.loading()) {
    for (ParameterChange& c : changes_) {
      archive.value("a parameter change", c.from_tick);
      archive.text("a parameter change", c.key);
      archive.text("a parameter change", c.value);
    }
    return;
  }
  std::vector<ParameterChange> loaded(n);
  for (ParameterChange& c : loaded) {
    archive.value("a parameter change", c.from_tick);
    archive.text("a parameter change", c.key);
    archive.text("a parameter change", c.value);
  }
  for (ParameterChange& c : loaded) {
    archive.require(c.from_tick >= 1 && c.from_tick <= next_tick,
                    "holds a parameter change outside the run");
    archive.require(find_parameter(c.key) != nullptr, "holds a change of an unknown parameter");
    ParamValue value;
    try {
      value = parse_parameter_value(c.key, c.value, SourcePlace{"a checkpoint's change", 0, 0});
    } catch (const ScenarioError& e) {
      archive.fail(fmt::format("holds a parameter change that does not validate: {}", e.what()));
    }
    const Entry& e = entries_.at(c.key);
    archive.require(e.changes.empty() || e.changes.back().first <= c.from_tick,
                    "holds parameter changes out of order");
    add(std::move(c), std::move(value));
  }
  // As a change made while the model ran was checked: it can take effect,
  // and the parameters in force from its tick pass every scenario check.
  std::int64_t checked = -1;
  for (const ParameterChange& c : changes_) {
    const std::string why = refusal(c.key, c.from_tick);
    archive.require(why.empty(), fmt::format("holds a change of {} that cannot take effect: {} {}",
                                             c.key, c.key, why));
    if (c.from_tick == checked) continue;
    checked = c.from_tick;
    try {
      resolve_scenario(values_at(c.from_tick), scenario_->source);
    } catch (const ScenarioError& e) {
      archive.fail(
          fmt::format("holds parameter changes that do not validate together: {}", e.what()));
    }
  }
}

}  // namespace panopticon
