// The registry of mechanisms, built from the generated list of the files
// that declare one (registered_mechanisms(), cmake/MechanismRegistry.cmake),
// in their declared order. It completes and checks each declaration once,
// so that every mechanism follows the same rules: its parameters, columns
// and results carry its name, `enabled`, `start_tick` and `end_tick` come
// first, and every saved column is hashed.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"

namespace panopticon {

namespace {

[[noreturn]] void refuse(const MechanismInfo& m, const std::string& problem) {
  throw std::logic_error(fmt::format("mechanism {} ({}): {}", m.name, m.file, problem));
}

// The switch and timing every mechanism has.
std::vector<ParamSpec> timing(const MechanismInfo& m) {
  ParamSpec start = param_number(
      m.name + ".start_tick", ParamType::kInt, std::int64_t{0}, 0, 1e9, "tick",
      "the first tick it acts in: 0 from the start (its results are in row 0), t > 0 switched "
      "on as tick t begins",
      "mechanisms.md section 5 (adoption)");
  start.live = true;
  ParamSpec end = param_number(m.name + ".end_tick", ParamType::kIntOrInfinite,
                               std::numeric_limits<double>::infinity(), 0, 1e9, "tick",
                               "the last tick it acts in; inf: to the end of the run",
                               "mechanisms.md section 5 (adoption)");
  end.live = true;
  return {start, end};
}

void check(const MechanismInfo& m) {
  if (m.parameters.empty() || m.parameters.front().name != m.name + ".enabled") {
    refuse(m, "its first parameter must be " + m.name + ".enabled");
  }
  std::set<std::string> seen;
  for (const ParamSpec& p : m.parameters) {
    if (!p.name.starts_with(m.name + ".")) refuse(m, "the parameter " + p.name + " lacks its name");
    if (!seen.insert(p.name).second) refuse(m, "the parameter " + p.name + " is declared twice");
    if (p.schedulable && !p.live) refuse(m, "the schedulable parameter " + p.name + " is not live");
  }
  for (const ColumnSpec& c : m.columns) {
    if (!c.name.starts_with(m.name + "_")) refuse(m, "the column " + c.name + " lacks its name");
    if (c.saved && !c.hashed) refuse(m, "the column " + c.name + " is saved but not hashed");
    if (!seen.insert(c.name).second) refuse(m, "the column " + c.name + " is declared twice");
  }
  for (const OutputColumn& r : m.results) {
    if (!r.name.starts_with(m.name + "_")) refuse(m, "the result " + r.name + " lacks its name");
    if (!seen.insert("result " + r.name).second) {
      refuse(m, "the result " + r.name + " is declared twice");
    }
  }
  if (!m.create) refuse(m, "it has no create function");
  if (m.phases == 0) refuse(m, "it acts in no phase");
}

std::vector<MechanismInfo> build_registry() {
  const auto entries = registered_mechanisms();
  std::vector<MechanismInfo> r;
  r.reserve(entries.size());
  for (const RegisteredMechanism& e : entries) {
    MechanismInfo m = e.declare();
    m.name = e.name;
    m.order = e.order;
    m.file = e.file;
    r.push_back(std::move(m));
  }
  std::sort(r.begin(), r.end(),
            [](const MechanismInfo& a, const MechanismInfo& b) { return a.order < b.order; });
  for (std::size_t i = 0; i < r.size(); ++i) {
    MechanismInfo& m = r[i];
    if (m.order < 1) refuse(m, "its order must be 1 or more (the layer's columns come first)");
    if (i > 0 && r[i - 1].order == m.order) {
      refuse(m, fmt::format("its order {} is also {}'s", m.order, r[i - 1].name));
    }
    if (i > 0 && r[i - 1].name == m.name) refuse(m, "the name is declared twice");
    for (ColumnSpec& c : m.columns) c.owner = m.name;
    check(m);
    const auto t = timing(m);
    m.parameters.insert(m.parameters.begin() + 1, t.begin(), t.end());
  }
  // Names are unique, and so are the random streams keyed by them (the
  // layer's stream is named "layer").
  std::set<std::string> names;
  std::set<std::uint64_t> keys = {stream_name_key("layer")};
  for (const MechanismInfo& m : r) {
    if (!names.insert(m.name).second) refuse(m, "the name is declared twice");
    if (m.name == "layer") refuse(m, "the name is the layer's");
    if (!keys.insert(stream_name_key(m.name)).second) {
      refuse(m, "its random stream's key is another's: rename it");
    }
  }
  return r;
}

}  // namespace

std::string_view to_string(Phase phase) {
  switch (phase) {
    case kPerceive:
      return "perceive";
    case kEnforce:
      return "enforce";
    case kObserve:
      return "observe";
    case kScore:
      return "score";
    case kSanction:
      return "sanction";
    case kConfinement:
      return "each confinement";
  }
  return "?";
}

std::string phase_names(PhaseMask mask) {
  std::string out;
  for (const Phase p : kPhases) {
    if ((mask & p) != 0) out += (out.empty() ? "" : ", ") + std::string(to_string(p));
  }
  if ((mask & kConfinement) != 0) {
    out += (out.empty() ? "" : ", ") + std::string(to_string(kConfinement));
  }
  return out;
}

ResultSlot MechanismContext::result(std::string_view quantity) const {
  const std::string name = info.name + "_" + std::string(quantity);
  const bool declared =
      std::ranges::any_of(info.results, [&name](const OutputColumn& c) { return c.name == name; });
  if (!declared) {
    throw std::logic_error("mechanism " + info.name + " writes the result " + name +
                           ", which it does not declare");
  }
  return results.slot(name);
}

const std::vector<MechanismInfo>& mechanism_registry() {
  static const std::vector<MechanismInfo> registry = build_registry();
  return registry;
}

const MechanismInfo* find_mechanism(std::string_view name) {
  const auto& r = mechanism_registry();
  const auto it =
      std::ranges::find_if(r, [name](const MechanismInfo& m) { return m.name == name; });
  return it == r.end() ? nullptr : &*it;
}

std::string mechanism_suggestion(std::string_view name) {
  std::string best;
  std::size_t best_distance = 3;
  std::string names;
  for (const MechanismInfo& m : mechanism_registry()) {
    names += (names.empty() ? "" : ", ") + m.name;
    const std::size_t d = edit_distance(name, m.name);
    if (d < best_distance) {
      best_distance = d;
      best = m.name;
    }
  }
  return (best.empty() ? "" : fmt::format("did you mean {}? ", best)) + "one of " + names;
}

}  // namespace panopticon
