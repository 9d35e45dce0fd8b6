#include "panopticon/scenario.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>

#include "panopticon/input_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "schedule_table.hpp"
#include "toml_nodes.hpp"
#include "toml_text.hpp"

namespace panopticon {

namespace {

using toml_nodes::kind_of;
using toml_nodes::node_text;
using toml_nodes::place_of;

bool is_section(std::string_view name) {
  return std::ranges::any_of(model_sections(),
                             [name](const ParameterSection& s) { return s.name == name; });
}

// "density, vision, k, ...": the keys of a table, in the table's order.
std::string keys_of(const std::string& section) {
  std::string keys;
  for (const auto& spec : model_parameters()) {
    if (!spec.name.starts_with(section + ".")) continue;
    keys += (keys.empty() ? "" : ", ") + spec.name.substr(section.size() + 1);
  }
  return keys;
}

std::string suggestion(std::string_view name) {
  const auto similar = similar_parameter_names(name);
  if (!similar.empty()) {
    std::string out = "did you mean ";
    for (std::size_t i = 0; i < similar.size(); ++i) {
      out += (i == 0 ? "" : " or ") + similar[i];
    }
    return out + "? Run `panopticon params` for the full list";
  }
  // Nothing close: the keys of its table are short enough to list.
  const std::string section(name.substr(0, name.find('.')));
  if (section.size() == name.size() || !is_section(section)) {
    return "a parameter listed by `panopticon params`";
  }
  return fmt::format("a key of [{}]: {}", section, keys_of(section));
}

// A key as written in TOML: bare when it can be, else quoted, so that a key
// holding a dot, a space or a quote reads back unambiguously in a message.
std::string key_text(std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(key) : toml_text::quoted(key);
}

std::string section_list() {
  std::string out;
  for (const auto& s : model_sections()) out += (out.empty() ? "[" : ", [") + s.name + "]";
  return out;
}

// "did you mean [cameras]?" for a near miss of a table (a mechanism's name,
// say), then every table.
std::string table_suggestion(std::string_view name) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& s : model_sections()) {
    const std::size_t d = edit_distance(name, s.name);
    if (d < best_distance) {
      best_distance = d;
      best = s.name;
    }
  }
  const std::string list = section_list();
  return best.empty() ? list : fmt::format("did you mean [{}]? The tables: {}", best, list);
}

[[noreturn]] void fail_type(const ParamSpec& spec, const SourcePlace& place,
                            const std::string& value, std::string_view got) {
  if (spec.schedulable) {
    throw ScenarioError(place, spec.name, value,
                        fmt::format("expected a number or a schedule table, got {}", got),
                        allowed_text(spec) + ", or a schedule: " + kScheduleAllowed);
  }
  throw ScenarioError(place, spec.name, value,
                      fmt::format("expected {}, got {}", type_name(spec.type), got),
                      allowed_text(spec));
}

void check_range(const ParamSpec& spec, const SourcePlace& place, const std::string& value,
                 double v) {
  if (!(v >= spec.min && v <= spec.max)) {
    throw ScenarioError(place, spec.name, value, "out of range", allowed_text(spec));
  }
}

// A whole number against whole bounds, in integers: as doubles,
// 9000000000000000001 equals a maximum of 9e18 and would pass.
void check_range(const ParamSpec& spec, const SourcePlace& place, const std::string& value,
                 std::int64_t v) {
  // A bound beyond what an int64 holds never binds.
  const bool above_min = spec.min <= -9.2e18 || v >= static_cast<std::int64_t>(std::ceil(spec.min));
  const bool below_max = spec.max >= 9.2e18 || v <= static_cast<std::int64_t>(std::floor(spec.max));
  if (!above_min || !below_max) {
    throw ScenarioError(place, spec.name, value, "out of range", allowed_text(spec));
  }
}

ParamValue convert(const ParamSpec& spec, const toml::node& node, const SourcePlace& place) {
  const std::string text = node_text(node);
  if (spec.schedulable && node.is_table()) {
    const Schedule s = schedule_from_table(spec, *node.as_table(), place, place.file);
    // A constant schedule is a plain number.
    if (s.kind == ScheduleKind::kConstant) return s.initial;
    return s;
  }
  switch (spec.type) {
    case ParamType::kBool:
      if (const auto* b = node.as_boolean()) return b->get();
      fail_type(spec, place, text, kind_of(node));
    case ParamType::kInt:
      if (const auto* i = node.as_integer()) {
        check_range(spec, place, text, std::int64_t{i->get()});
        return std::int64_t{i->get()};
      }
      fail_type(spec, place, text, kind_of(node));
    case ParamType::kFloat: {
      double v = 0.0;
      if (const auto* i = node.as_integer()) {
        v = static_cast<double>(i->get());
      } else if (const auto* f = node.as_floating_point()) {
        v = f->get();
      } else {
        fail_type(spec, place, text, kind_of(node));
      }
      check_range(spec, place, text, v);
      return v;
    }
    case ParamType::kIntOrInfinite: {
      if (const auto* i = node.as_integer()) {
        check_range(spec, place, text, std::int64_t{i->get()});
        return static_cast<double>(i->get());
      }
      if (const auto* f = node.as_floating_point()) {
        const double v = f->get();
        if (std::isinf(v) && v > 0) return v;
        // NaN is no fraction: "out of range" (as for a float parameter) says more.
        if (!std::isnan(v) && v != std::floor(v)) fail_type(spec, place, text, "a fraction");
        check_range(spec, place, text, v);
        return v;
      }
      if (const auto* s = node.as_string()) {
        if (s->get() == "inf" || s->get() == "infinite")
          return std::numeric_limits<double>::infinity();
      }
      fail_type(spec, place, text, kind_of(node));
    }
    case ParamType::kChoice:
      if (const auto* s = node.as_string()) {
        for (const auto& c : spec.choices) {
          if (c == s->get()) return s->get();
        }
        throw ScenarioError(place, spec.name, text, "not a known choice", allowed_text(spec));
      }
      fail_type(spec, place, text, kind_of(node));
  }
  fail_type(spec, place, text, kind_of(node));
}

struct Resolver {
  ParamValues out;

  // name: the dotted name looked up; shown: the same as the user wrote it.
  void set(const std::string& name, const std::string& shown, const toml::node& node,
           const SourcePlace& place) {
    const ParamSpec* spec = find_parameter(name);
    if (spec == nullptr) {
      throw ScenarioError(place, shown, node.is_table() ? "" : node_text(node), "unknown key",
                          suggestion(name));
    }
    out.values[name] = convert(*spec, node, place);
    out.places[name] = place;
  }

  void walk(const toml::table& table, const std::string& prefix, const std::string& file) {
    for (auto&& [key, node] : table) {
      const std::string name =
          prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      const std::string shown =
          prefix.empty() ? key_text(key.str()) : key_text(prefix) + "." + key_text(key.str());
      const SourcePlace place = place_of(key.source(), file);
      if (prefix.empty()) {
        if (const auto* array = node.as_array(); array != nullptr && array->is_array_of_tables()) {
          throw ScenarioError(place, "[[" + shown + "]]", "",
                              "arrays of tables are not accepted; each section is one table",
                              is_section(name) ? "[" + name + "]" : section_list());
        }
        if (!node.is_table()) {
          throw ScenarioError(place, shown, node_text(node),
                              "top-level keys are not accepted; every parameter belongs to a table",
                              section_list());
        }
        if (!is_section(name)) {
          throw ScenarioError(place, "[" + shown + "]", "", "unknown table",
                              table_suggestion(name));
        }
        walk(*node.as_table(), name, file);
        continue;
      }
      if (node.is_table() && find_parameter(name) == nullptr) {
        throw ScenarioError(place, shown, "", "unknown table", suggestion(name));
      }
      set(name, shown, node, place);
    }
  }
};

template <typename Enum>
Enum pick(const std::string& text, std::initializer_list<Enum> all) {
  for (auto e : all) {
    if (to_string(e) == text) return e;
  }
  return *all.begin();  // unreachable: the table's choices are the names
}

void fill_rules(ParamValues& p, RuleSetName name) {
  const RuleSet r = preset(name);
  const SourcePlace from_rule_set{"rule-set " + std::string(to_string(name)), 0, 0};
  auto put = [&](const std::string& key, ParamValue v) {
    if (p.values.contains(key)) return;
    p.values[key] = std::move(v);
    p.places[key] = from_rule_set;
  };
  put("rules.vision_shape", std::string(to_string(r.vision_shape)));
  put("rules.vision_includes_own_cell", r.vision_includes_own_cell);
  put("rules.self_count", std::string(to_string(r.self_count)));
  put("rules.ratio", std::string(to_string(r.ratio)));
  put("rules.order", std::string(to_string(r.order)));
  put("rules.placement", std::string(to_string(r.placement)));
  put("rules.jail_term_range", std::string(to_string(r.jail_term_range)));
  put("rules.jail_countdown", std::string(to_string(r.jail_countdown)));
  put("rules.jailed_block_cell", r.jailed_block_cell);
  put("rules.cop_steps_onto_arrestee", r.cop_steps_onto_arrestee);
  put("rules.movement_applies_to_cops", r.movement_applies_to_cops);
}

Schedule schedule_from(const ParamValues& p, const std::string& section, const std::string& initial,
                       const std::string& final) {
  Schedule s;
  s.kind = *schedule_kind_from_string(p.get_choice(section + ".schedule"));
  s.initial = p.get_float(section + "." + initial);
  s.final = s.kind == ScheduleKind::kConstant ? s.initial : p.get_float(section + "." + final);
  s.start = p.get_int(section + ".start");
  s.end = p.get_int(section + ".end");
  if (s.kind == ScheduleKind::kRamp && s.end <= s.start) {
    const std::string key = section + ".end";
    throw ScenarioError(
        p.places.at(key), key, fmt::format("{}", s.end),
        fmt::format("a ramp must end after it starts ({}.start = {})", section, s.start),
        fmt::format("a tick greater than {}", s.start));
  }
  return s;
}

Scenario resolve(ParamValues p, std::string source) {
  for (const auto& spec : model_parameters()) {
    if (!p.values.contains(spec.name) && spec.default_value) {
      p.values[spec.name] = *spec.default_value;
      p.places[spec.name] = SourcePlace{"default", 0, 0};
    }
  }
  Scenario s;
  s.source = std::move(source);
  s.rule_set_name = *rule_set_from_string(p.get_choice("model.ruleset"));
  fill_rules(p, s.rule_set_name);

  RuleSet& r = s.rules;
  r.vision_shape = pick(p.get_choice("rules.vision_shape"),
                        {VisionShape::kVonNeumann, VisionShape::kMoore, VisionShape::kEuclidean});
  r.vision_includes_own_cell = p.get_bool("rules.vision_includes_own_cell");
  r.self_count =
      pick(p.get_choice("rules.self_count"), {SelfCount::kOnce, SelfCount::kTwiceIfActive});
  r.ratio = pick(p.get_choice("rules.ratio"),
                 {RatioRule::kFloor, RatioRule::kRoundHalfEven, RatioRule::kLiteral});
  r.order = pick(p.get_choice("rules.order"), {TurnOrder::kMoveThenAct, TurnOrder::kActThenMove});
  r.placement = pick(p.get_choice("rules.placement"), {Placement::kExact, Placement::kBinomial});
  r.jail_term_range = pick(p.get_choice("rules.jail_term_range"),
                           {JailTermRange::kBelowMax, JailTermRange::kUpToMax});
  r.jail_countdown = pick(p.get_choice("rules.jail_countdown"),
                          {JailCountdown::kEndOfTick, JailCountdown::kOwnActivation});
  r.jailed_block_cell = p.get_bool("rules.jailed_block_cell");
  r.cop_steps_onto_arrestee = p.get_bool("rules.cop_steps_onto_arrestee");
  r.movement_applies_to_cops = p.get_bool("rules.movement_applies_to_cops");

  s.steps = p.get_int("model.steps");
  s.seed = static_cast<std::uint64_t>(p.get_int("model.seed"));
  s.synchronous = p.get_choice("model.activation") == "synchronous";
  s.threads = static_cast<int>(p.get_int("model.threads"));
  s.compliance_forced = p.get_choice("model.compliance_layer") == "always";
  s.width = static_cast<std::uint32_t>(p.get_int("lattice.width"));
  s.height = static_cast<std::uint32_t>(p.get_int("lattice.height"));
  if (static_cast<double>(s.width) * static_cast<double>(s.height) > 4.0e9) {
    throw ScenarioError(p.places.at("lattice.height"), "lattice.height",
                        fmt::format("{}", s.height), "the lattice has more than 4e9 cells",
                        "width x height up to 4e9");
  }
  s.citizen_density = p.get_float("citizens.density");
  s.citizen_vision = p.get_float("citizens.vision");
  s.k = p.get_float("citizens.k");
  s.threshold = p.get_float("citizens.threshold");
  s.movement = p.get_bool("citizens.movement");
  s.cop_vision = p.get_float("cops.vision");
  s.cop_density = schedule_from(p, "cops", "density", "final_density");
  s.legitimacy = schedule_from(p, "legitimacy", "initial", "final");
  s.max_jail_term = p.get_float("jail.max_term");
  s.outburst_threshold = p.get_int("outputs.outburst_threshold");
  s.outburst_scaled = p.get_choice("outputs.outburst_scale") == "population";
  s.short_window = p.get_int("outputs.short_window");
  s.long_window = p.get_int("outputs.long_window");
  // The widest cop vision at any tick: mechanisms may widen it while they
  // are on (policing's technology), their widenings add up, and the one
  // that widens it most is named if the disk then no longer fits.
  s.widest_cop_vision = s.cop_vision;
  std::string cop_vision_widened_by;
  double most = 0.0;
  for (const MechanismInfo& m : mechanism_registry()) {
    if (!m.cop_vision_boost || !p.get_bool(m.name + ".enabled")) continue;
    const double widening = m.cop_vision_boost(p);
    s.widest_cop_vision += widening;
    if (widening > most) {
      most = widening;
      cop_vision_widened_by = m.name;
    }
  }
  for (const MechanismInfo& m : mechanism_registry()) {
    const std::string key = m.name + ".end_tick";
    const auto start = p.get_int(m.name + ".start_tick");
    if (p.get_float(key) < static_cast<double>(start)) {
      throw ScenarioError(
          p.places.at(key), key, value_text(p.values.at(key)),
          fmt::format("{} would stop before it starts ({}.start_tick = {})", m.name, m.name, start),
          fmt::format("a tick from {} on, or inf", start));
    }
  }

  if (s.synchronous) {
    // Row prefix sums are 16-bit, and a vision disk must not wrap onto itself.
    if (s.width > 65535) {
      throw ScenarioError(p.places.at("lattice.width"), "lattice.width", fmt::format("{}", s.width),
                          "too wide for synchronous activation",
                          "a width up to 65535 with model.activation = \"synchronous\"");
    }
    const double vision = std::max(s.citizen_vision, s.widest_cop_vision);
    const auto diameter = static_cast<std::uint32_t>(2 * std::floor(vision) + 1);
    if (diameter > s.width || diameter > s.height) {
      std::string key = s.widest_cop_vision > s.citizen_vision ? "cops.vision" : "citizens.vision";
      std::string widened;
      std::string allowed = "a vision whose 2 floor(v) + 1 fits the lattice";
      if (key == "cops.vision" && !cop_vision_widened_by.empty()) {
        widened =
            fmt::format(": cops.vision = {} widened to {} by {}", value_text(p.values.at(key)),
                        s.widest_cop_vision, cop_vision_widened_by);
        allowed = fmt::format("{} parameters that widen cop vision less, or a larger lattice",
                              cop_vision_widened_by);
        key = cop_vision_widened_by + ".enabled";
      }
      throw ScenarioError(p.places.at(key), key, value_text(p.values.at(key)),
                          fmt::format("the vision disk ({} cells across{}) is wider than the {}x{} "
                                      "lattice, which synchronous activation does not support",
                                      diameter, widened, s.width, s.height),
                          allowed);
    }
  }
  const double most_cops = std::max(s.cop_density.initial, s.cop_density.final);
  if (s.citizen_density + most_cops > 1.0 + 1e-12) {
    // Blame a value the user set (in the file or by --set): the cop density
    // that overflows if it was set, else the citizens'. A default has no
    // place to show.
    const std::string cop_key =
        s.cop_density.final > s.cop_density.initial ? "cops.final_density" : "cops.density";
    auto set_by_user = [&p](const std::string& k) { return p.places.at(k).file != "default"; };
    const std::string key =
        set_by_user(cop_key) || !set_by_user("citizens.density") ? cop_key : "citizens.density";
    throw ScenarioError(
        p.places.at(key), key, value_text(p.values.at(key)),
        fmt::format("citizens.density ({}) + cop density ({}) exceed 1 agent per cell",
                    s.citizen_density, most_cops),
        "densities whose sum is at most 1");
  }
  s.params = std::move(p);
  return s;
}

// toml++'s error, in plainer words where it is about a common slip.
[[noreturn]] void throw_parse_error(std::string_view text, const std::string& file,
                                    const toml::parse_error& e) {
  const SourcePlace place = place_of(e.source(), file);
  if (const auto start = toml_text::unclosed_string_at(text, file, place.line, place.column)) {
    throw ScenarioError(*start, "", "",
                        "not valid TOML: the string that starts here is not closed on its line",
                        "a closing quote before the end of the line, or triple quotes for a "
                        "string of several lines");
  }
  if (const auto bare = toml_text::bare_word_at(text, place.line, place.column)) {
    throw ScenarioError(
        SourcePlace{file, place.line, bare->column}, "", "",
        fmt::format("not valid TOML: the value {} has no quotes", bare->word),
        fmt::format("a quoted string such as \"{}\", a number, true or false", bare->word));
  }
  const std::string_view description = e.description();
  // "cannot redefine existing integer 'KEY'", not "... as dotted key-value
  // pair" (a value made a table), whose words are right.
  const bool set_twice = description.find("cannot redefine existing") != std::string_view::npos &&
                         description.starts_with("Error while parsing key-value pair") &&
                         description.ends_with("'");
  const bool too_big = description.find("is not representable") != std::string_view::npos ||
                       description.find("could not be interpreted") != std::string_view::npos;
  if (set_twice || too_big) {
    // toml++ words these badly (a quoted key comes out as '"k"k" ', a
    // number it cannot hold as no value at all): the key as the file has it.
    if (const auto pair = toml_text::key_value_at(text, place.line)) {
      std::string name;
      std::string shown;
      for (const auto* parts : {&pair->table, &pair->key}) {
        for (const auto& part : *parts) {
          name += (name.empty() ? "" : ".") + part;
          shown += (shown.empty() ? "" : ".") + key_text(part);
        }
      }
      const SourcePlace at{file, place.line, pair->column};
      if (set_twice) {
        throw ScenarioError(at, shown, pair->value, "not valid TOML: the key is set a second time",
                            "each key once in its table");
      }
      if (toml_text::looks_like_number(pair->value)) {
        const ParamSpec* spec = find_parameter(name);
        throw ScenarioError(at, shown, pair->value,
                            "out of range: beyond what a TOML number holds (a 64-bit integer, a "
                            "double)",
                            spec != nullptr ? allowed_text(*spec) : suggestion(name));
      }
    }
  }
  throw ScenarioError(place, "", "", fmt::format("not valid TOML: {}", description), "");
}

// A value written as TOML text (a --set, a change from code): a bare word
// such as mesa or euclidean is taken as a string; so is a value that is
// more than one TOML value ("1\nx = 2").
toml::table parse_value_text(const std::string& text) {
  toml::table parsed;
  // Non-ASCII text is never a valid value and would reach the toml++ bug
  // that toml_text::check keeps files away from.
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  try {
    if (ascii) parsed = toml::parse("v = " + text);
  } catch (const toml::parse_error&) {
    parsed = toml::table{};
  }
  if (parsed.size() != 1 || !parsed.contains("v")) parsed = toml::table{{"v", text}};
  return parsed;
}

// A value that reads as a number but that TOML cannot hold (1e400,
// 99999999999999999999) came back as a string: out of range, not a string.
void check_number_fits(const ParamSpec& spec, const SourcePlace& place, const std::string& text,
                       const toml::node& value) {
  if (value.is_string() && spec.type != ParamType::kChoice && spec.type != ParamType::kBool &&
      toml_text::looks_like_number(text)) {
    throw ScenarioError(place, spec.name, text,
                        "out of range: beyond what a TOML number holds (a 64-bit integer, a "
                        "double)",
                        allowed_text(spec));
  }
}

// How a message names an override: as the user typed it.
std::string origin_of(const Override& o) {
  return o.origin.empty() ? fmt::format("--set {}={}", o.key, o.value) : o.origin;
}

void apply_overrides(Resolver& resolver, const std::vector<Override>& overrides) {
  for (const auto& o : overrides) {
    const SourcePlace place{origin_of(o), 0, 0};
    if (is_section(o.key)) {
      // A whole table (--set citizens={k=1}) is not one parameter.
      throw ScenarioError(
          place, "", "", fmt::format("{} is a table, not a parameter", o.key),
          fmt::format("one key of [{}] at a time, --set {}.KEY=VALUE, where KEY is one of {}",
                      o.key, o.key, keys_of(o.key)));
    }
    if (find_parameter(o.key) == nullptr) {
      throw ScenarioError(place, o.key, o.value, "unknown key", suggestion(o.key));
    }
    const toml::table parsed = parse_value_text(o.value);
    check_number_fits(*find_parameter(o.key), place, o.value, *parsed.get("v"));
    resolver.set(o.key, o.key, *parsed.get("v"), place);
  }
}

}  // namespace

std::string unknown_key_suggestion(std::string_view name) {
  return suggestion(name);
}

ParamValue parse_parameter_value(const std::string& key, const std::string& text,
                                 const SourcePlace& place) {
  if (find_parameter(key) == nullptr) {
    throw ScenarioError(place, key, text, "unknown key", suggestion(key));
  }
  const toml::table parsed = parse_value_text(text);
  check_number_fits(*find_parameter(key), place, text, *parsed.get("v"));
  Resolver resolver;
  resolver.set(key, key, *parsed.get("v"), place);
  return resolver.out.values.at(key);
}

Scenario resolve_scenario(ParamValues values, std::string source) {
  return resolve(std::move(values), std::move(source));
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  const auto trim = [](std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::string();
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
  };
  const std::string key = eq == std::string::npos ? std::string() : trim(text.substr(0, eq));
  if (key.empty()) {
    throw ScenarioError(SourcePlace{"--set " + text, 0, 0}, "", "", "expected key=value",
                        "key=value, for example citizens.k=2.3");
  }
  return Override{key, trim(text.substr(eq + 1)), ""};
}
toml::table toml_nodes::parse_document(std::string_view toml_text, const std::string& source_name) {
  toml_text::check(toml_text, source_name);
  try {
    return toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw_parse_error(toml_text, source_name, e);
  }
}

namespace {

toml::table parse_table(std::string_view toml_text, const std::string& source_name) {
  return toml_nodes::parse_document(toml_text, source_name);
}

Scenario resolve_with(const toml::table& table, const std::string& source_name,
                      const std::vector<Override>& overrides) {
  Resolver resolver;
  resolver.walk(table, "", source_name);
  apply_overrides(resolver, overrides);
  return resolve(std::move(resolver.out), source_name);
}

Scenario resolve_table(const toml::table& table, const std::string& source_name,
                       const std::vector<Override>& overrides) {
  try {
    return resolve_with(table, source_name, overrides);
  } catch (const ScenarioError& e) {
    // An error across parameters (a sum, a ramp, a vision disk) may be
    // placed at a value of the file or a default while a --set caused it:
    // each --set without which it goes away is named.
    const std::string& at = e.place().file;
    if (overrides.empty() || at.starts_with("--")) throw;
    std::string causes;
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      std::vector<Override> others = overrides;
      others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
      try {
        resolve_with(table, source_name, others);
      } catch (const ScenarioError& without) {
        if (std::string_view(without.what()) == e.what()) continue;
      }
      causes += (causes.empty() ? "" : " and ") + origin_of(overrides[i]);
    }
    if (causes.empty()) throw;
    throw e.caused_by(causes);
  }
}

// The keys a table sets, in it and in the tables under it.
std::size_t keys_in(const toml::table& table) {
  std::size_t n = 0;
  for (const auto& [key, node] : table) {
    const auto* sub = node.as_table();
    n += sub != nullptr ? keys_in(*sub) : 1;
  }
  return n;
}

}  // namespace

Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<Override>& overrides) {
  return resolve_table(parse_table(toml_text, source_name), source_name, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  const std::string allowed =
      fmt::format("a regular file of TOML text of at most {} MiB", kScenarioMostBytes >> 20);
  std::string text;
  try {
    text = read_input_file(path, "scenario", kScenarioMostBytes);
  } catch (const InputFileError& e) {
    throw ScenarioError(SourcePlace{path, 0, 0}, "", "", "the scenario file " + e.problem(),
                        allowed);
  }
  const toml::table table = parse_table(text, path);
  // A file that sets nothing would run the defaults without a word: a
  // wrong file, an editor's empty buffer. The defaults take one key to ask for.
  if (keys_in(table) == 0) {
    throw ScenarioError(
        SourcePlace{path, 0, 0}, "", "",
        table.empty() ? "has no tables or keys (it is empty or holds only comments)"
                      : "has tables but no keys",
        "a scenario that sets at least one key, for example steps = 1000 under [model] (the "
        "files in scenarios/ are complete examples)");
  }
  return resolve_table(table, path, overrides);
}

Scenario default_scenario() {
  return parse_scenario("", "(defaults)");
}

std::string to_toml(const Scenario& scenario) {
  return to_toml(scenario.params);
}

std::string to_toml(const ParamValues& params) {
  std::string out;
  for (const auto& section : model_sections()) {
    out += fmt::format("[{}]\n", section.name);
    for (const auto& spec : model_parameters()) {
      if (!spec.name.starts_with(section.name + ".")) continue;
      const auto& v = params.values.at(spec.name);
      std::string text = value_text(v);
      if (const auto* d = std::get_if<double>(&v); d != nullptr && std::isfinite(*d) &&
                                                   spec.type == ParamType::kFloat &&
                                                   text.find_first_of(".e") == std::string::npos) {
        text += ".0";
      }
      out += fmt::format("{} = {}\n", spec.name.substr(section.name.size() + 1), text);
    }
    out += "\n";
  }
  return out;
}

std::int64_t Scenario::outburst_actives(double citizens) const {
  if (!outburst_scaled) return outburst_threshold;
  // Epstein's threshold of 50 actives is for his 1,120 citizens.
  const double scaled = std::floor(static_cast<double>(outburst_threshold) * citizens / 1120.0);
  return static_cast<std::int64_t>(std::min(scaled, 9.0e18));
}

}  // namespace panopticon
