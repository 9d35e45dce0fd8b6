#include "panopticon/sweep_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "../scenario/toml_nodes.hpp"
#include "../scenario/toml_reader.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/world.hpp"
#include "panopticon/world_metrics.hpp"
#include "panopticon/world_session.hpp"

namespace panopticon {

namespace {

using toml_nodes::node_text;
using toml_nodes::place_of;

struct DesignName {
  DesignKind kind;
  const char* name;
};
constexpr std::array<DesignName, 5> kDesigns = {{
    {DesignKind::kFactorial, "factorial"},
    {DesignKind::kLatinHypercube, "latin_hypercube"},
    {DesignKind::kSobol, "sobol"},
    {DesignKind::kMorris, "morris"},
    {DesignKind::kTwoLevel, "two_level"},
}};

std::string design_list() {
  std::string out;
  for (const auto& d : kDesigns) out += std::string(out.empty() ? "" : ", ") + d.name;
  return out;
}

// An error at a place without a node (the file, a missing key).
[[noreturn]] void fail_at(const SourcePlace& place, const std::string& key,
                          const std::string& problem, const std::string& allowed) {
  throw ScenarioError(place, key, "", problem, allowed);
}

bool samples_design(DesignKind k) {
  return k == DesignKind::kLatinHypercube || k == DesignKind::kSobol || k == DesignKind::kMorris;
}

using PlanReader = toml_nodes::TomlReader;
using toml_nodes::inline_text;

std::string parameter_suggestion(const std::string& name) {
  return unknown_key_suggestion(name);
}

// Keys a plan must not set: what the plan itself decides for every run.
void check_settable(const SourcePlace& place, const std::string& key, const std::string& value,
                    const std::string& where) {
  if (key == "model.seed") {
    throw ScenarioError(place, key, value, fmt::format("is set by the plan, not {}", where),
                        "[sweep] seed = S (replicate r of every point runs with seed S + r)");
  }
  if (key == "model.threads") {
    throw ScenarioError(place, key, value, fmt::format("is set by the plan, not {}", where),
                        "nothing: every run of a sweep is one thread, and runs go side by side "
                        "(`panopticon sweep --workers N`)");
  }
}

// [set], flattened to dotted keys; a value of a parameter may be a
// schedule's inline table.
void read_fixed(const PlanReader& r, const toml::table& table, const std::string& prefix,
                std::vector<Override>& out) {
  for (const auto& [k, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (find_parameter(name) != nullptr) {
      check_settable(r.at(node), name, node_text(node), "[set]");
      const std::string text = inline_text(node);
      const SourcePlace place = r.at(node);
      parse_parameter_value(name, text, place);
      out.emplace_back(name, text,
                       fmt::format("{} ([set] {} = {})", place_text(place), name, text));
      continue;
    }
    if (const auto* sub = node.as_table(); sub != nullptr && !sub->is_inline()) {
      read_fixed(r, *sub, name, out);
      continue;
    }
    if (const auto* sub = node.as_table(); sub != nullptr && prefix.empty()) {
      read_fixed(r, *sub, name, out);
      continue;
    }
    r.fail(node, name, "unknown parameter in [set]", parameter_suggestion(name));
  }
}

// The decimals a number is written with ("0.05" has 2), for the values of
// a stepped range: start + i * step rounded to them, so that 0.1 stepped
// by 0.1 gives 0.3, not 0.30000000000000004. Nothing for exponent notation.
std::optional<int> decimals_of(double v) {
  const std::string text = fmt::format("{}", v);
  if (text.find_first_of("eE") != std::string::npos) return std::nullopt;
  const std::size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

std::string number_text(double v, ParamType type) {
  if (type == ParamType::kInt || type == ParamType::kIntOrInfinite) {
    return fmt::format("{}", static_cast<std::int64_t>(std::llround(v)));
  }
  std::string text = fmt::format("{}", v);
  // A float as TOML writes it: "2" would read as an integer.
  if (text.find_first_of(".eEni") == std::string::npos) text += ".0";
  return text;
}

bool whole_type(ParamType type) {
  return type == ParamType::kInt || type == ParamType::kIntOrInfinite;
}

void read_values(const PlanReader& r, const toml::node& node, PlanFactor& f, std::size_t most) {
  const std::string key = f.key + " values";
  const auto* array = node.as_array();
  if (array == nullptr || array->empty()) {
    r.fail(node, "values",
           array == nullptr ? fmt::format("is {}", toml_nodes::kind_of(node)) : "is empty",
           fmt::format("an array of the values {} takes, such as [0.1, 0.2, 0.4]", f.key));
  }
  std::set<std::string> seen;
  for (const toml::node& v : *array) {
    if (v.is_table() || v.is_array()) {
      r.fail(v, "values", fmt::format("holds {}", toml_nodes::kind_of(v)),
             fmt::format("plain values of {} (a schedule's parts are parameters of their own "
                         "only through [set])",
                         f.key));
    }
    const std::string text = node_text(v);
    if (!f.world) parse_parameter_value(f.key, text, r.at(v));
    if (!seen.insert(text).second) {
      r.fail(v, "values", fmt::format("lists {} twice", text), "each value once");
    }
    f.values.push_back(text);
  }
  if (f.values.size() > most) {
    r.fail(node, "values", fmt::format("lists {} values", f.values.size()),
           fmt::format("at most {}", most));
  }
}

void read_range(const PlanReader& r, const toml::table& entry, PlanFactor& f, std::size_t most) {
  for (const char* k : {"start", "step", "stop"}) {
    if (!entry.contains(k)) {
      r.fail(entry, k, "a stepped range needs start, step and stop",
             "start = A, step = S, stop = B (from A to B inclusive, as BehaviorSpace's "
             "[\"key\" [A S B]]), or values = [...]");
    }
  }
  const double start = r.number(*entry.get("start"), "start");
  const double step = r.number(*entry.get("step"), "step");
  const double stop = r.number(*entry.get("stop"), "stop");
  if (!(step > 0.0)) {
    r.fail(*entry.get("step"), "step", "a range with no steps (step must be above 0)",
           "a step above 0, with stop >= start");
  }
  if (stop < start) {
    r.fail(*entry.get("stop"), "stop", fmt::format("is below start = {}", start),
           "stop >= start (a range from start up to stop)");
  }
  if (whole_type(f.type)) {
    for (const char* k : {"start", "step", "stop"}) {
      if (!entry.get(k)->is_integer()) {
        r.fail(*entry.get(k), k, fmt::format("{} takes whole numbers", f.key), "a whole number");
      }
    }
  }
  // A tiny allowance for decimal steps that land on stop (0.1 + 2 x 0.1).
  const double span = (stop - start) / step;
  if (span > static_cast<double>(most)) {
    fail_at(r.at(entry), "[[vary]] " + f.key,
            fmt::format("the range has {:.0f} values", std::floor(span + 1)),
            fmt::format("at most {} values: a larger step", most));
  }
  const auto count = static_cast<std::size_t>(std::floor(span + 1e-9)) + 1;
  const auto d1 = decimals_of(start);
  const auto d2 = decimals_of(step);
  for (std::size_t i = 0; i < count; ++i) {
    double v = start + static_cast<double>(i) * step;
    if (d1 && d2) {
      const double scale = std::pow(10.0, std::max(*d1, *d2));
      v = std::round(v * scale) / scale;
    }
    v = std::min(v, stop);
    const std::string text = number_text(v, f.type);
    if (!f.world) parse_parameter_value(f.key, text, r.at(entry));
    f.values.push_back(text);
  }
}

void read_bounds(const PlanReader& r, const toml::table& entry, PlanFactor& f) {
  for (const char* k : {"min", "max"}) {
    if (!entry.contains(k)) {
      r.fail(entry, k, "a sampled factor needs min and max",
             "min = A, max = B: the range the design samples uniformly");
    }
  }
  if (f.type != ParamType::kFloat && !whole_type(f.type)) {
    fail_at(r.at(entry), "[[vary]] " + f.key,
            fmt::format("is a {} parameter, which has no range to sample", type_name(f.type)),
            "a numeric parameter; a flag or a choice varies under design = \"factorial\" or "
            "\"two_level\"");
  }
  f.min = r.number(*entry.get("min"), "min");
  f.max = r.number(*entry.get("max"), "max");
  for (const char* k : {"min", "max"}) {
    const toml::node& node = *entry.get(k);
    if (whole_type(f.type) && !node.is_integer()) {
      r.fail(node, k, fmt::format("{} takes whole numbers", f.key), "a whole number");
    }
    if (!f.world) parse_parameter_value(f.key, number_text(r.number(node, k), f.type), r.at(node));
  }
  if (!(f.min < f.max)) {
    r.fail(*entry.get("max"), "max", fmt::format("is not above min = {}", f.min),
           "max > min (a factor that does not vary belongs in [set])");
  }
}

std::string factor_description(const PlanFactor& f, DesignKind design) {
  if (samples_design(design)) {
    return fmt::format("{} from {} to {}", f.key, number_text(f.min, f.type),
                       number_text(f.max, f.type));
  }
  std::string values;
  for (const auto& v : f.values) values += (values.empty() ? "" : ", ") + v;
  return fmt::format("{} in [{}]", f.key, values);
}

// A world plan's keys are the world file's own (`panopticon world --set`):
// TABLE.KEY, checked by loading the world with them.
void check_world_settable(const SourcePlace& place, const std::string& key,
                          const std::string& where) {
  if (key == "world.seed" || key == "synthetic.seed") {
    throw ScenarioError(place, key, "", fmt::format("is set by the plan, not {}", where),
                        "[sweep] seed = S (replicate r of every point runs with world.seed S + r, "
                        "and a synthetic world's synthetic.seed S + r)");
  }
  if (key.find('.') == std::string::npos) {
    throw ScenarioError(place, key, "", "is not a key of a world's table",
                        "TABLE.KEY of the world file, such as pull.scale or push.offer_at "
                        "(docs/mechanisms/export.md, World file)");
  }
}

// A world key's type as the plan writes it: whole numbers where every
// value or bound is one, else a number (or, for listed values, whatever
// they are); the world checks each value when the plan is read.
ParamType world_factor_type(const toml::table& entry) {
  bool whole = true;
  bool any = false;
  const auto look = [&](const toml::node* n) {
    if (n == nullptr) return;
    any = true;
    if (!n->is_integer()) whole = false;
  };
  for (const char* k : {"min", "max", "start", "step", "stop"}) look(entry.get(k));
  if (const auto* values = entry.get("values"); values != nullptr && values->is_array()) {
    for (const toml::node& v : *values->as_array()) {
      if (v.is_string()) return ParamType::kChoice;
      if (v.is_boolean()) return ParamType::kBool;
      look(&v);
    }
  }
  return any && whole ? ParamType::kInt : ParamType::kFloat;
}

void read_factors(const PlanReader& r, const toml::node* vary, SweepPlan& plan, std::size_t most) {
  if (vary == nullptr) return;
  const auto* array = vary->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    r.fail(*vary, "vary", "is not an array of tables",
           "[[vary]] entries, each with key = \"section.name\" and its values or range");
  }
  for (const toml::node& n : *array) {
    const toml::table& entry = *n.as_table();
    r.check_keys(entry, "[[vary]]", {"key", "values", "start", "step", "stop", "min", "max"});
    if (!entry.contains("key")) {
      r.fail(entry, "key", "a [[vary]] entry without key", "key = \"section.name\"");
    }
    PlanFactor f;
    f.key = r.string(*entry.get("key"), "key", "the name of a parameter, \"section.name\"");
    f.place = r.at(entry);
    if (plan.is_world()) {
      check_world_settable(r.at(*entry.get("key")), f.key, "[[vary]]");
      f.type = world_factor_type(entry);
      f.world = true;
    } else {
      const ParamSpec* spec = find_parameter(f.key);
      if (spec == nullptr) {
        r.fail(*entry.get("key"), "key", "unknown parameter", parameter_suggestion(f.key));
      }
      check_settable(r.at(*entry.get("key")), f.key, "", "[[vary]]");
      f.type = spec->type;
    }
    for (const auto& other : plan.factors) {
      if (other.key == f.key) {
        r.fail(*entry.get("key"), "key",
               fmt::format("{} varies twice (also at {})", f.key, place_text(other.place)),
               "one [[vary]] entry per parameter");
      }
    }
    for (const auto& fixed : plan.fixed) {
      if (fixed.key == f.key) {
        r.fail(*entry.get("key"), "key", fmt::format("{} is also fixed in [set]", f.key),
               "either [set] or [[vary]] for a parameter");
      }
    }
    const bool has_values = entry.contains("values");
    const bool has_range =
        entry.contains("start") || entry.contains("step") || entry.contains("stop");
    const bool has_bounds = entry.contains("min") || entry.contains("max");
    const std::string design(to_string(plan.design));
    if (samples_design(plan.design)) {
      if (has_values || has_range) {
        fail_at(r.at(entry), "[[vary]] " + f.key,
                fmt::format("design = \"{}\" samples a range, not listed values", design),
                "min = A, max = B");
      }
      read_bounds(r, entry, f);
    } else {
      if (has_bounds) {
        const char* bound = entry.contains("min") ? "min" : "max";
        r.fail(*entry.get(bound), bound,
               fmt::format("design = \"{}\" takes listed values, not a range to sample", design),
               plan.design == DesignKind::kTwoLevel
                   ? "values = [LOW, HIGH]"
                   : "values = [...], or start = A, step = S, stop = B");
      }
      if (has_values == has_range) {
        fail_at(r.at(entry), "[[vary]] " + f.key,
                has_values ? "both values and a stepped range" : "neither values nor a range",
                plan.design == DesignKind::kTwoLevel
                    ? "values = [LOW, HIGH]"
                    : "values = [...] or start = A, step = S, stop = B");
      }
      if (has_values) {
        read_values(r, *entry.get("values"), f, most);
      } else {
        if (plan.design == DesignKind::kTwoLevel) {
          fail_at(r.at(entry), "[[vary]] " + f.key, "a two-level design takes two values",
                  "values = [LOW, HIGH]");
        }
        read_range(r, entry, f, most);
      }
      if (plan.design == DesignKind::kTwoLevel && f.values.size() != 2) {
        r.fail(*entry.get("values"), "values",
               fmt::format("lists {} values; a two-level design takes two", f.values.size()),
               "values = [LOW, HIGH]");
      }
    }
    f.description = factor_description(f, plan.design);
    plan.factors.push_back(std::move(f));
  }
}

void read_mechanisms(const PlanReader& r, const toml::node& node, SweepPlan& plan) {
  std::vector<std::string> names;
  const std::string allowed =
      "\"all\" or an array of mechanism names (`panopticon params "
      "--mechanisms`)";
  if (const auto* s = node.as_string(); s != nullptr && s->get() == "all") {
    for (const auto& m : mechanism_registry()) names.push_back(m.name);
  } else if (const auto* a = node.as_array(); a != nullptr && !a->empty()) {
    for (const toml::node& n : *a) {
      const std::string name = r.string(n, "mechanisms", allowed);
      if (find_mechanism(name) == nullptr) {
        r.fail(n, "mechanisms", "unknown mechanism", mechanism_suggestion(name));
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        r.fail(n, "mechanisms", fmt::format("names {} twice", name), "each mechanism once");
      }
      names.push_back(name);
    }
  } else {
    r.fail(node, "mechanisms", "is not a list of mechanisms", allowed);
  }
  for (const std::string& name : names) {
    PlanFactor f;
    f.key = name + ".enabled";
    f.place = r.at(node);
    f.type = ParamType::kBool;
    f.values = {"false", "true"};
    f.description = factor_description(f, plan.design);
    plan.factors.push_back(std::move(f));
  }
}

void read_metrics(const PlanReader& r, const toml::node* node, SweepPlan& plan) {
  const std::string allowed =
      plan.is_world()
          ? std::string(R"(an array of a world's metric names, such as ["share_importing_ai"])")
          : std::string(
                R"(an array of metric names, such as ["peak_active", "long_term.mean_active"])");
  if (node == nullptr) fail_at(r.file_place(), "[sweep] metrics", "is missing", allowed);
  const auto* array = node->as_array();
  if (array == nullptr || array->empty()) {
    r.fail(*node, "metrics", array == nullptr ? "is not an array" : "is empty", allowed);
  }
  for (const toml::node& n : *array) {
    const std::string name = r.string(n, "metrics", allowed);
    std::optional<MetricRef> ref;
    if (plan.is_world()) {
      // A world's metric: its index into world_metric_specs(), no window.
      if (const auto index = find_world_metric(name)) ref = MetricRef{name, std::nullopt, *index};
      if (!ref) r.fail(n, "metrics", "unknown metric of a world", world_metric_suggestion(name));
    } else {
      ref = find_run_metric(name);
      if (!ref) r.fail(n, "metrics", "unknown metric", run_metric_suggestion(name));
    }
    for (const auto& m : plan.metrics) {
      if (m.ref.name == name)
        r.fail(n, "metrics", fmt::format("names {} twice", name), "each once");
    }
    plan.metrics.push_back({*ref, r.at(n)});
    plan.needs_layer = plan.needs_layer || ref->needs_layer();
  }
}

void read_world_fixed(const PlanReader& r, const toml::table& table, const std::string& prefix,
                      std::vector<Override>& out) {
  for (const auto& [k, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table(); sub != nullptr && !sub->is_inline()) {
      read_world_fixed(r, *sub, name, out);
      continue;
    }
    check_world_settable(r.at(node), name, "[set]");
    const std::string text = inline_text(node);
    out.emplace_back(name, text,
                     fmt::format("{} ([set] {} = {})", place_text(r.at(node)), name, text));
  }
}

// Loads the world with `overrides`, naming `cause` (unless empty) in the
// world's own error.
WorldSpec plan_world(const SweepPlan& plan, const std::vector<Override>& overrides,
                     const std::string& cause) {
  try {
    return load_world(plan.world_path, overrides);
  } catch (const ScenarioError& e) {
    if (cause.empty()) throw;  // the overrides' own origins name the plan
    throw e.caused_by(cause);
  }
}

void read_world_base(const PlanReader& r, const toml::table& root, const toml::node& node,
                     const std::filesystem::path& directory, SweepPlan& plan) {
  const std::string given = r.string(node, "world", "a path to a world file");
  std::filesystem::path path(given);
  if (path.is_relative()) path = directory / path;
  plan.world_path = path.lexically_normal().string();
  if (const auto problem = not_a_regular_file(plan.world_path)) {
    r.fail(node, "world", fmt::format("{} {}", plan.world_path, *problem),
           "a world file, relative to the plan's directory or absolute");
  }
  if (const auto* set = root.get("set")) {
    if (!set->is_table()) r.fail(*set, "set", "is not a table", "[set] with key = value lines");
    read_world_fixed(r, *set->as_table(), "", plan.fixed);
  }
  const WorldSpec w = plan_world(plan, plan.fixed, "the plan's world = " + given);
  plan.base_text = world_fingerprint(w);
  plan.seed = w.seed;
  plan.world_synthetic = w.has_synthetic;  // replicates redraw its countries too
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ULL) {
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string_view to_string(DesignKind kind) {
  for (const auto& d : kDesigns) {
    if (d.kind == kind) return d.name;
  }
  return "";
}

SweepPlan parse_plan(std::string_view text, const std::string& source,
                     const std::filesystem::path& directory, std::size_t most_runs) {
  const PlanReader r(source, "the plan");
  const toml::table root = toml_nodes::parse_document(text, source);
  r.check_keys(root, "the plan", {"sweep", "set", "vary", "sensitivity"});
  const toml::node* sweep_node = root.get("sweep");
  if (sweep_node == nullptr || !sweep_node->is_table()) {
    fail_at(r.file_place(), "[sweep]", sweep_node == nullptr ? "is missing" : "is not a table",
            "a [sweep] table with scenario, design and metrics (docs/experiments.md)");
  }
  const toml::table& sweep = *sweep_node->as_table();
  r.check_keys(sweep, "[sweep]",
               {"scenario", "world", "design", "replicates", "seed", "metrics", "samples", "levels",
                "skip", "design_seed", "mechanisms", "resolution", "series", "max_runs"});

  SweepPlan plan;
  plan.source = source;
  const toml::node* design = sweep.get("design");
  if (design == nullptr) {
    fail_at(r.file_place(), "[sweep] design", "is missing", "one of " + design_list());
  }
  const std::string design_name = r.string(*design, "design", "one of " + design_list());
  const auto* const d = std::find_if(kDesigns.begin(), kDesigns.end(),
                                     [&](const DesignName& n) { return design_name == n.name; });
  if (d == kDesigns.end()) r.fail(*design, "design", "unknown design", "one of " + design_list());
  plan.design = d->kind;

  // Keys that belong to some designs only.
  struct OnlyFor {
    const char* key;
    std::vector<DesignKind> designs;
  };
  const std::vector<OnlyFor> only_for = {
      {"samples", {DesignKind::kLatinHypercube, DesignKind::kSobol, DesignKind::kMorris}},
      {"levels", {DesignKind::kMorris}},
      {"skip", {DesignKind::kSobol}},
      {"design_seed", {DesignKind::kLatinHypercube, DesignKind::kMorris}},
      {"mechanisms", {DesignKind::kTwoLevel}},
      {"resolution", {DesignKind::kTwoLevel}},
  };
  for (const auto& o : only_for) {
    const toml::node* n = sweep.get(o.key);
    if (n == nullptr) continue;
    if (std::find(o.designs.begin(), o.designs.end(), plan.design) != o.designs.end()) continue;
    std::string names;
    for (const DesignKind k : o.designs)
      names += (names.empty() ? "" : ", ") + std::string(to_string(k));
    r.fail(*n, o.key, fmt::format("does not apply to design = \"{}\"", design_name),
           fmt::format("{} only under design = {}", o.key, names));
  }

  plan.max_runs = kDefaultMaxRuns;
  if (const auto* n = sweep.get("max_runs")) {
    plan.max_runs = static_cast<std::size_t>(r.integer(*n, "max_runs", 1, kMostRuns));
  }
  plan.max_runs = std::min(plan.max_runs, std::max<std::size_t>(1, most_runs));
  if (const auto* n = sweep.get("replicates")) {
    plan.replicates = static_cast<std::size_t>(r.integer(*n, "replicates", 1, 1000000));
  }
  if (samples_design(plan.design)) {
    const toml::node* n = sweep.get("samples");
    const std::string what = plan.design == DesignKind::kLatinHypercube ? "points"
                             : plan.design == DesignKind::kSobol        ? "base samples N"
                                                                        : "trajectories";
    if (n == nullptr) {
      fail_at(r.file_place(), "[sweep] samples", "is missing",
              fmt::format("samples = the number of {} of design = \"{}\"", what, design_name));
    }
    plan.samples = static_cast<std::size_t>(
        r.integer(*n, "samples", plan.design == DesignKind::kLatinHypercube ? 1 : 2,
                  static_cast<std::int64_t>(kMostRuns)));
  }
  if (const auto* n = sweep.get("levels")) {
    plan.levels = static_cast<int>(r.integer(*n, "levels", 2, 1000));
    if (plan.levels % 2 != 0) {
      r.fail(*n, "levels", "is odd", "an even number of levels (Morris's step is then symmetric)");
    }
  }
  if (const auto* n = sweep.get("skip")) {
    plan.skip = static_cast<std::size_t>(r.integer(*n, "skip", 0, 1LL << 40));
  }
  if (const auto* n = sweep.get("resolution")) {
    plan.resolution = static_cast<int>(r.integer(*n, "resolution", 0, 20));
    if (plan.resolution > 0 && plan.resolution < 3) {
      r.fail(*n, "resolution", "is below 3",
             "0 (the full 2^k design) or 3 and more (a fraction in which main effects are "
             "clear of each other; 5: of two-way interactions too)");
    }
  }
  if (const auto* n = sweep.get("series")) {
    plan.series = r.boolean(*n, "series");
    if (plan.series && sweep.contains("world")) {
      r.fail(*n, "series", "is per tick of one simulation, and this plan runs a world",
             "series = false (a world's tables come from `panopticon world`)");
    }
  }

  // The scenario, or the world, relative to the plan.
  const toml::node* scenario = sweep.get("scenario");
  const toml::node* world = sweep.get("world");
  if (scenario != nullptr && world != nullptr) {
    r.fail(*world, "world", "is given with scenario",
           "either scenario = \"PATH\" (runs of a scenario) or world = \"PATH\" (runs of a "
           "world)");
  }
  if (world != nullptr) {
    read_world_base(r, root, *world, directory, plan);
  } else {
    if (scenario == nullptr) {
      fail_at(r.file_place(), "[sweep] scenario", "is missing",
              "scenario = \"PATH\", a scenario file relative to the plan's directory");
    }
    const std::string given = r.string(*scenario, "scenario", "a path to a scenario file");
    std::filesystem::path path(given);
    if (path.is_relative()) path = directory / path;
    plan.scenario_path = path.lexically_normal().string();
    if (const auto problem = not_a_regular_file(plan.scenario_path)) {
      r.fail(*scenario, "scenario", fmt::format("{} {}", plan.scenario_path, *problem),
             "a scenario file, relative to the plan's directory or absolute");
    }
    if (const auto* set = root.get("set")) {
      if (!set->is_table()) r.fail(*set, "set", "is not a table", "[set] with key = value lines");
      read_fixed(r, *set->as_table(), "", plan.fixed);
    }
    plan.base = load_scenario(plan.scenario_path, plan.fixed);
    plan.base_text = to_toml(plan.base);
    plan.seed = plan.base.seed;
  }

  if (const auto* n = sweep.get("seed")) {
    plan.seed = static_cast<std::uint64_t>(r.integer(*n, "seed", 0, 9000000000000000000LL));
  }
  if (plan.seed + plan.replicates - 1 > 9000000000000000000ULL) {
    fail_at(r.at(*sweep.get("seed")), "seed", "seed + replicates - 1 is beyond model.seed's range",
            "a smaller seed");
  }
  plan.design_seed = plan.seed;
  if (const auto* n = sweep.get("design_seed")) {
    plan.design_seed =
        static_cast<std::uint64_t>(r.integer(*n, "design_seed", 0, 9000000000000000000LL));
  }
  read_metrics(r, sweep.get("metrics"), plan);
  if (const auto* n = sweep.get("mechanisms")) {
    if (plan.is_world()) {
      r.fail(*n, "mechanisms", "switches a scenario's mechanisms, and this plan runs a world",
             "[[vary]] entries of the world's keys (a country takes mechanisms as packages)");
    }
    read_mechanisms(r, *n, plan);
  }
  read_factors(r, root.get("vary"), plan, plan.max_runs);
  if (plan.factors.empty()) {
    fail_at(r.file_place(), "[[vary]]", "the plan varies nothing",
            plan.design == DesignKind::kTwoLevel
                ? "mechanisms = [...] under [sweep], or [[vary]] entries with values = [LOW, HIGH]"
                : "at least one [[vary]] entry with key = \"section.name\"");
  }
  const std::size_t k = plan.factors.size();
  if (plan.design == DesignKind::kSobol && k > kMaxSobolFactors) {
    fail_at(r.file_place(), "[[vary]]", fmt::format("{} factors for design = \"sobol\"", k),
            fmt::format("at most {} (GSL's Sobol sequence has 40 dimensions, two per factor); "
                        "design = \"morris\" screens more",
                        kMaxSobolFactors));
  }
  if (plan.design == DesignKind::kTwoLevel && k > 20) {
    fail_at(r.file_place(), "[[vary]]", fmt::format("{} factors for design = \"two_level\"", k),
            "at most 20");
  }
  if (const auto* s = root.get("sensitivity")) {
    if (!s->is_table()) r.fail(*s, "sensitivity", "is not a table", "[sensitivity] with keys");
    const toml::table& t = *s->as_table();
    r.check_keys(t, "[sensitivity]", {"resamples", "conf_level"});
    if (const auto* n = t.get("resamples")) {
      plan.resamples = static_cast<std::size_t>(r.integer(*n, "resamples", 2, 100000));
    }
    if (const auto* n = t.get("conf_level")) {
      plan.conf_level = r.number(*n, "conf_level");
      if (!(plan.conf_level > 0.0 && plan.conf_level < 1.0)) {
        r.fail(*n, "conf_level", "out of range", "a number between 0 and 1, such as 0.95");
      }
    }
  }

  // The run count before any point is made: a design too large is refused
  // by arithmetic, not by running out of memory.
  double points = 1.0;
  switch (plan.design) {
    case DesignKind::kFactorial:
      for (const auto& f : plan.factors) points *= static_cast<double>(f.values.size());
      break;
    case DesignKind::kLatinHypercube:
      points = static_cast<double>(plan.samples);
      break;
    case DesignKind::kSobol:
      points = static_cast<double>(plan.samples) * static_cast<double>(k + 2);
      break;
    case DesignKind::kMorris:
      points = static_cast<double>(plan.samples) * static_cast<double>(k + 1);
      break;
    case DesignKind::kTwoLevel:
      // A full design is counted before it is made: 2^20 rows are refused
      // by max_runs, not built.
      if (plan.resolution == 0) {
        points = std::ldexp(1.0, static_cast<int>(k));
      } else {
        plan.two_level = fractional_factorial(k, plan.resolution);
        points = static_cast<double>(plan.two_level->rows.size());
      }
      break;
  }
  const double runs = points * static_cast<double>(plan.replicates);
  if (runs > static_cast<double>(plan.max_runs)) {
    fail_at(r.file_place(), "[sweep] max_runs",
            fmt::format("the design needs {:.0f} points x {} replicates = {:.0f} runs, more "
                        "than the plan allows ({})",
                        points, plan.replicates, runs, plan.max_runs),
            fmt::format("fewer values, samples or replicates, or max_runs = N under [sweep] (at "
                        "most {})",
                        kMostRuns));
  }

  // Every point as a scenario, before anything runs: an error across
  // parameters (densities that sum above 1) names the point's values.
  const DesignPoints all = design_points(plan);
  if (plan.is_world()) {
    // Each factor's values (or bounds) with the world: loading a world of
    // 130 countries takes a while, so not every combination.
    for (const PlanFactor& f : plan.factors) {
      std::vector<std::string> values = f.values;
      if (values.empty()) values = {number_text(f.min, f.type), number_text(f.max, f.type)};
      for (const std::string& v : values) {
        std::vector<Override> o = plan.fixed;
        o.emplace_back(f.key, v,
                       fmt::format("{} ([[vary]] {} = {})", place_text(f.place), f.key, v));
        plan_world(plan, o, "");
      }
    }
    return plan;
  }
  for (std::size_t p = 0; p < all.values.size(); ++p) run_scenario(plan, all, p, 0);
  return plan;
}

SweepPlan load_plan(const std::filesystem::path& path) {
  std::string text;
  try {
    text = read_input_file(path, "sweep plan", kPlanMostBytes);
  } catch (const InputFileError& e) {
    throw ScenarioError(SourcePlace{path.string(), 0, 0}, "", "", "the plan file " + e.problem(),
                        "a regular file of TOML text of at most 1 MiB");
  }
  return parse_plan(text, path.string(), path.parent_path());
}

namespace {

std::string sampled_text(const PlanFactor& f, double u) {
  if (whole_type(f.type)) {
    const double n = f.max - f.min + 1.0;
    const double v = f.min + std::min(std::floor(u * n), n - 1.0);
    return number_text(v, f.type);
  }
  return number_text(std::clamp(f.min + u * (f.max - f.min), f.min, f.max), f.type);
}

}  // namespace

DesignPoints design_points(const SweepPlan& plan) {
  DesignPoints out;
  const std::size_t k = plan.factors.size();
  switch (plan.design) {
    case DesignKind::kFactorial: {
      // The last factor varies fastest, as BehaviorSpace lists its runs.
      std::vector<std::size_t> at(k, 0);
      while (true) {
        std::vector<std::string> row(k);
        for (std::size_t i = 0; i < k; ++i) row[i] = plan.factors[i].values[at[i]];
        out.values.push_back(std::move(row));
        std::size_t i = k;
        while (i > 0) {
          --i;
          if (++at[i] < plan.factors[i].values.size()) break;
          at[i] = 0;
          if (i == 0) return out;
        }
      }
    }
    case DesignKind::kLatinHypercube:
      out.unit = latin_hypercube(plan.samples, k, plan.design_seed);
      break;
    case DesignKind::kSobol:
      out.unit = saltelli_design(plan.samples, k, plan.skip);
      break;
    case DesignKind::kMorris:
      out.unit = morris_design(plan.samples, k, plan.levels, plan.design_seed);
      break;
    case DesignKind::kTwoLevel: {
      if (plan.two_level) {
        out.two_level = plan.two_level;
      } else {
        out.two_level =
            plan.resolution == 0 ? full_factorial(k) : fractional_factorial(k, plan.resolution);
      }
      for (const auto& signs : out.two_level->rows) {
        std::vector<std::string> row(k);
        for (std::size_t i = 0; i < k; ++i) row[i] = plan.factors[i].values[signs[i] > 0 ? 1 : 0];
        out.values.push_back(std::move(row));
      }
      return out;
    }
  }
  for (const auto& u : out.unit) {
    std::vector<std::string> row(k);
    for (std::size_t i = 0; i < k; ++i) row[i] = sampled_text(plan.factors[i], u[i]);
    out.values.push_back(std::move(row));
  }
  return out;
}

std::size_t run_count(const SweepPlan& plan, const DesignPoints& points) {
  return points.values.size() * plan.replicates;
}

std::vector<Override> run_overrides(const SweepPlan& plan, const DesignPoints& points,
                                    std::size_t point, std::size_t replicate) {
  std::vector<Override> out;
  out.reserve(plan.factors.size() + 3);
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    const PlanFactor& f = plan.factors[i];
    const std::string& value = points.values.at(point)[i];
    out.emplace_back(
        f.key, value,
        fmt::format("{} ([[vary]] {} = {}, point {})", place_text(f.place), f.key, value, point));
  }
  out.emplace_back("model.seed", std::to_string(plan.seed + replicate),
                   fmt::format("{} ([sweep] seed + replicate {})", plan.source, replicate));
  out.emplace_back("model.threads", "1", plan.source + " (one thread per run)");
  if (plan.needs_layer) {
    out.emplace_back("model.compliance_layer", "\"always\"",
                     plan.source + " (window metrics need the compliance layer)");
  }
  return out;
}

Scenario run_scenario(const SweepPlan& plan, const DesignPoints& points, std::size_t point,
                      std::size_t replicate) {
  // The base's resolved values with the run's own keys, resolved again
  // with every check a scenario gets: what parsing to_toml(base) with the
  // keys as --set would give (tests/experiment/sweep_plan_test.cpp), at a
  // hundredth of the cost, so that a plan of 10^5 points is checked in
  // seconds.
  ParamValues values = plan.base.params;
  for (const Override& o : run_overrides(plan, points, point, replicate)) {
    const SourcePlace place{o.origin, 0, 0};
    values.values[o.key] = parse_parameter_value(o.key, o.value, place);
    values.places[o.key] = place;
  }
  return resolve_scenario(std::move(values), plan.base.source);
}

std::vector<Override> world_run_overrides(const SweepPlan& plan, const DesignPoints& points,
                                          std::size_t point, std::size_t replicate) {
  std::vector<Override> out = plan.fixed;
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    const PlanFactor& f = plan.factors[i];
    const std::string& value = points.values.at(point)[i];
    out.emplace_back(
        f.key, value,
        fmt::format("{} ([[vary]] {} = {}, point {})", place_text(f.place), f.key, value, point));
  }
  const std::string seed = std::to_string(plan.seed + replicate);
  const std::string why = fmt::format("{} ([sweep] seed + replicate {})", plan.source, replicate);
  out.emplace_back("world.seed", seed, why);
  if (plan.world_synthetic) out.emplace_back("synthetic.seed", seed, why);
  return out;
}

std::vector<std::pair<std::string, std::string>> plan_fingerprint(const SweepPlan& plan,
                                                                  const DesignPoints& points) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("format", "1");
  out.emplace_back(plan.is_world() ? "world" : "scenario", plan.base_text);
  out.emplace_back("design", std::string(to_string(plan.design)));
  out.emplace_back("replicates", std::to_string(plan.replicates));
  out.emplace_back("seed", std::to_string(plan.seed));
  out.emplace_back("samples", std::to_string(plan.samples));
  out.emplace_back("levels", std::to_string(plan.levels));
  out.emplace_back("skip", std::to_string(plan.skip));
  out.emplace_back("design_seed", std::to_string(plan.design_seed));
  out.emplace_back("resolution", std::to_string(plan.resolution));
  out.emplace_back("series", plan.series ? "true" : "false");
  std::string metrics;
  for (const auto& m : plan.metrics) metrics += (metrics.empty() ? "" : ", ") + m.ref.name;
  out.emplace_back("metrics", metrics);
  std::string factors;
  for (const auto& f : plan.factors) factors += (factors.empty() ? "" : "; ") + f.description;
  out.emplace_back("factors", factors);
  out.emplace_back("points", std::to_string(points.values.size()));
  std::uint64_t digest = fnv1a("");
  for (const auto& row : points.values) {
    for (const auto& v : row) digest = fnv1a(v + '\x1f', digest);
    digest = fnv1a("\x1e", digest);
  }
  out.emplace_back("points_digest", fmt::format("{:016x}", digest));
  return out;
}

}  // namespace panopticon
