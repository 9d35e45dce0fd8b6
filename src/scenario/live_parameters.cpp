#include "panopticon/live_parameters.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ranges>
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
  for (const auto& change : std::ranges::reverse_view(changes)) {
    if (change.first <= tick) return change.second;
  }
  return base;
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
    // Live parameters change at any tick; a mechanism's others when it is
    // adopted (Model::adopt).
    const ParamSpec* spec = find_parameter(c.key);
    const bool of_mechanism =
        spec != nullptr && find_mechanism(c.key.substr(0, c.key.find('.'))) != nullptr;
    archive.require(spec != nullptr && (spec->live || of_mechanism),
                    "holds a change of a parameter that cannot change while a model runs");
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
}

}  // namespace panopticon
