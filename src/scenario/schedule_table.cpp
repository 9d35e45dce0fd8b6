#include "schedule_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "panopticon/scenario_error.hpp"
#include "toml_nodes.hpp"

namespace panopticon {

namespace {

using toml_nodes::kind_of;
using toml_nodes::node_text;
using toml_nodes::place_of;

struct TableReader {
  const ParamSpec& spec;
  const toml::table& table;
  SourcePlace place;  // of the parameter's key
  const std::string& file;

  std::string key(std::string_view sub) const { return spec.name + "." + std::string(sub); }
  SourcePlace where(const toml::node& node) const {
    if (place.line == 0) return place;  // a --set or a change from code: no lines to point at
    const SourcePlace p = place_of(node.source(), file);
    return p.line > 0 ? p : place;
  }
  [[noreturn]] void fail(const toml::node* node, std::string_view sub, const std::string& problem,
                         const std::string& allowed) const {
    throw ScenarioError(node != nullptr ? where(*node) : place, key(sub),
                        node != nullptr ? node_text(*node) : "", problem, allowed);
  }
  const toml::node& need(std::string_view sub, std::string_view kind) const {
    const toml::node* node = table.get(sub);
    if (node == nullptr) {
      fail(nullptr, sub, fmt::format("a {} schedule needs {}", kind, sub), kScheduleAllowed);
    }
    return *node;
  }
  double number(const toml::node& node, std::string_view sub) const {
    double v = 0.0;
    if (const auto* i = node.as_integer()) {
      v = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      v = f->get();
    } else {
      fail(&node, sub, fmt::format("expected a number, got {}", kind_of(node)), allowed_text(spec));
    }
    if (!(v >= spec.min && v <= spec.max)) fail(&node, sub, "out of range", allowed_text(spec));
    return v;
  }
  std::int64_t tick(const toml::node& node, std::string_view sub) const {
    const auto* i = node.as_integer();
    if (i == nullptr) {
      fail(&node, sub, fmt::format("expected a tick (a whole number), got {}", kind_of(node)),
           "a whole number from 0 to 1000000000");
    }
    if (i->get() < 0 || i->get() > 1000000000) {
      fail(&node, sub, "out of range", "a whole number from 0 to 1000000000");
    }
    return i->get();
  }
};

}  // namespace

Schedule schedule_from_table(const ParamSpec& spec, const toml::table& table,
                             const SourcePlace& place, const std::string& file) {
  const TableReader r{spec, table, place, file};
  const toml::node* kind_node = table.get("schedule");
  if (kind_node == nullptr) {
    r.fail(nullptr, "schedule", "a schedule table needs schedule", kScheduleAllowed);
  }
  const auto* kind_text = kind_node->as_string();
  const auto kind = kind_text != nullptr ? schedule_kind_from_string(kind_text->get())
                                         : std::optional<ScheduleKind>{};
  if (!kind) {
    r.fail(kind_node, "schedule", "not a known schedule",
           R"(one of "constant", "step", "ramp", "points")");
  }
  // The keys each kind uses; any other is refused, so a typo is not ignored.
  static constexpr std::array<std::string_view, 7> kKeys = {"schedule", "initial", "final", "start",
                                                            "end",      "ticks",   "values"};
  auto uses = [&](std::string_view sub) {
    switch (*kind) {
      case ScheduleKind::kConstant:
        return sub == "schedule" || sub == "initial";
      case ScheduleKind::kStep:
        return sub == "schedule" || sub == "initial" || sub == "final" || sub == "start";
      case ScheduleKind::kRamp:
        return sub == "schedule" || sub == "initial" || sub == "final" || sub == "start" ||
               sub == "end";
      case ScheduleKind::kPoints:
        return sub == "schedule" || sub == "ticks" || sub == "values";
    }
    return false;
  };
  for (auto&& [k, node] : table) {
    const std::string_view sub = k.str();
    const bool known = std::find(kKeys.begin(), kKeys.end(), sub) != kKeys.end();
    if (!known) r.fail(&node, sub, "unknown key in a schedule table", kScheduleAllowed);
    if (!uses(sub)) {
      r.fail(&node, sub, fmt::format("not used by a {} schedule", to_string(*kind)),
             kScheduleAllowed);
    }
  }
  Schedule s;
  s.kind = *kind;
  if (s.kind == ScheduleKind::kPoints) {
    const auto* ticks = r.need("ticks", "points").as_array();
    const auto* values = r.need("values", "points").as_array();
    if (ticks == nullptr) r.fail(table.get("ticks"), "ticks", "expected an array", "[0, 100, ...]");
    if (values == nullptr) {
      r.fail(table.get("values"), "values", "expected an array", "[0.1, 0.3, ...]");
    }
    if (ticks->empty() || ticks->size() != values->size()) {
      r.fail(table.get("values"), "values",
             fmt::format("{} ticks and {} values", ticks->size(), values->size()),
             "as many values as ticks, at least one");
    }
    for (std::size_t i = 0; i < ticks->size(); ++i) {
      const std::int64_t t = r.tick(*ticks->get(i), "ticks");
      if (!s.ticks.empty() && t <= s.ticks.back()) {
        r.fail(ticks->get(i), "ticks", "the ticks do not increase", "strictly increasing ticks");
      }
      s.ticks.push_back(t);
      s.values.push_back(r.number(*values->get(i), "values"));
    }
    s.initial = s.values.front();
    s.final = s.values.back();
    return s;
  }
  s.initial = r.number(r.need("initial", to_string(s.kind)), "initial");
  s.final = s.initial;
  if (s.kind == ScheduleKind::kConstant) return s;
  s.final = r.number(r.need("final", to_string(s.kind)), "final");
  s.start = r.tick(r.need("start", to_string(s.kind)), "start");
  if (s.kind == ScheduleKind::kRamp) {
    const toml::node& end = r.need("end", "ramp");
    s.end = r.tick(end, "end");
    if (s.end <= s.start) {
      r.fail(&end, "end", fmt::format("a ramp must end after it starts (start = {})", s.start),
             fmt::format("a tick greater than {}", s.start));
    }
  }
  return s;
}

}  // namespace panopticon
