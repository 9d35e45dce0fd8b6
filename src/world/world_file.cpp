// Reading a world file (world.hpp): every key checked, every message naming
// the file, the line, the country and the key.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "../scenario/toml_nodes.hpp"
#include "../scenario/toml_reader.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/memory_estimate.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/world.hpp"
#include "synthetic_world.hpp"

namespace panopticon {

namespace {

using toml_nodes::inline_text;
using toml_nodes::node_text;
using toml_nodes::TomlReader;

struct PackageInfo {
  Package package;
  const char* name;
  const char* mechanism;
};
constexpr std::array<PackageInfo, kPackageCount> kPackages = {{
    {Package::kCameras, "cameras", "cameras"},
    {Package::kTelecom, "telecom", "telecom"},
    {Package::kIdCard, "id_card", "id_card"},
    {Package::kPolicing, "policing", "policing"},
    {Package::kSocialCredit, "social_credit", "social_credit"},
    {Package::kPlatform, "platform", "ijop"},
    {Package::kTraining, "training", ""},
}};

constexpr std::array<const char*, 3> kTermsNames = {"free", "partly_free", "paid"};

// A world's reader: TomlReader's checks, with a range for numbers, and the
// country a key belongs to in its name ("country \"Ecuador\" openness").
class WorldReader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  double number_in(const toml::node& node, const std::string& key, double min, double max) const {
    const double v = number(node, key);
    if (v < min || v > max) {
      fail(node, key, "out of range", fmt::format("a number from {} to {}", min, max));
    }
    return v;
  }
  double above_zero(const toml::node& node, const std::string& key, double max) const {
    const double v = number(node, key);
    if (!(v > 0.0) || v > max) {
      fail(node, key, v > max ? "is too large" : "is not above 0",
           fmt::format("a number above 0 and at most {}", max));
    }
    return v;
  }
  int year(const toml::node& node, const std::string& key) const {
    return static_cast<int>(integer(node, key, 1900, 2200));
  }
  const toml::table& table(const toml::node& node, const std::string& key,
                           const std::string& allowed) const {
    const auto* t = node.as_table();
    if (t == nullptr) fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), allowed);
    return *t;
  }
};

std::string country_key(const std::string& country, const std::string& key) {
  return fmt::format("country \"{}\" {}", country, key);
}

Package read_package(const WorldReader& r, const toml::node& node, const std::string& key) {
  const std::string name = r.string(node, key, "one of " + package_list());
  if (const auto p = find_package(name)) return *p;
  r.fail(node, key, "is no package", "one of " + package_list());
}

Terms read_terms(const WorldReader& r, const toml::node& node, const std::string& key) {
  const std::string name = r.string(node, key, "free, partly_free or paid");
  if (const auto t = find_terms(name)) return *t;
  r.fail(node, key, "is no terms", "free, partly_free or paid");
}

// holds = [{ package = "cameras", year = 2011, terms = "paid", source = "[S32]" }, ...]
std::vector<DatedPackage> read_dated(const WorldReader& r, const toml::node& node,
                                     const std::string& key) {
  const auto* array = node.as_array();
  const std::string shape =
      "an array of inline tables { package = \"cameras\", year = 2011, terms = \"paid\", source "
      "= \"[S32]\" } (terms and source optional)";
  if (array == nullptr) r.fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), shape);
  std::vector<DatedPackage> out;
  for (const toml::node& item : *array) {
    const toml::table& t = r.table(item, key, shape);
    r.check_keys(t, key, {"package", "year", "terms", "source"});
    DatedPackage d;
    d.place = r.at(item);
    const toml::node* package = t.get("package");
    const toml::node* year = t.get("year");
    if (package == nullptr || year == nullptr) {
      r.fail(item, key, fmt::format("has no {}", package == nullptr ? "package" : "year"), shape);
    }
    d.package = read_package(r, *package, key + " package");
    d.year = r.year(*year, key + " year");
    if (const toml::node* terms = t.get("terms")) d.terms = read_terms(r, *terms, key + " terms");
    d.source = "illustrative";
    if (const toml::node* source = t.get("source")) {
      d.source = r.string(*source, key + " source", "a source key such as \"[S32]\"");
    }
    for (const DatedPackage& e : out) {
      if (e.package == d.package) {
        throw ScenarioError(
            r.at(item), key + " package", fmt::format("\"{}\"", package_name(d.package)),
            fmt::format("lists {} twice", package_name(d.package)), "each package once");
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

// What the world sets in every country's scenario (country_overrides()).
constexpr std::array<const char*, 7> kWorldSetKeys = {"model.seed",
                                                      "model.steps",
                                                      "model.ticks_per_year",
                                                      "model.threads",
                                                      "model.compliance_layer",
                                                      "lattice.width",
                                                      "lattice.height"};

std::filesystem::path read_scenario_path(const WorldReader& r, const toml::node& node,
                                         const std::string& key,
                                         const std::filesystem::path& base_dir) {
  std::filesystem::path path(
      r.string(node, key, "a scenario file, relative to the world file's directory"));
  if (path.is_relative()) path = base_dir / path;
  path = path.lexically_normal();
  if (const auto problem = not_a_regular_file(path)) {
    r.fail(node, key, fmt::format("{} {}", path.string(), *problem),
           "a scenario file, relative to the world file's directory or absolute");
  }
  return path;
}

// [country.set] or [synthetic.set]: parameters of the simulations, as --set.
std::vector<Override> read_set(const WorldReader& r, const toml::node& node,
                               const std::string& key) {
  std::vector<Override> out;
  const toml::table& table =
      r.table(node, key, "a table of scenario parameters, such as { \"cameras.coverage\" = 0.1 }");
  std::vector<std::pair<std::string, const toml::node*>> flat;
  const auto flatten = [&flat](const auto& self, const toml::table& t,
                               const std::string& prefix) -> void {
    for (const auto& [k, v] : t) {
      const std::string name =
          prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      if (find_parameter(name) == nullptr && v.is_table()) {
        self(self, *v.as_table(), name);
      } else {
        flat.emplace_back(name, &v);
      }
    }
  };
  flatten(flatten, table, "");
  for (const auto& [name, v] : flat) {
    if (find_parameter(name) == nullptr) {
      r.fail(*v, key + " " + name, "is no parameter", unknown_key_suggestion(name));
    }
    for (const char* world_key : kWorldSetKeys) {
      if (name == world_key) {
        r.fail(*v, key + " " + name, "is set by the world",
               "parameters other than model.seed, model.steps, model.ticks_per_year, "
               "model.threads, model.compliance_layer, lattice.width and lattice.height (the "
               "world sets them: docs/mechanisms/export.md)");
      }
    }
    const SourcePlace place = r.at(*v);
    const std::string text = inline_text(*v);
    try {
      parse_parameter_value(name, text, place);
    } catch (const ScenarioError& e) {
      throw ScenarioError(place, key + " " + name, text, e.problem(), e.allowed());
    }
    out.emplace_back(name, text,
                     fmt::format("{} ({} {} = {})", place_text(place), key, name, text));
  }
  return out;
}

void read_country(const WorldReader& r, const toml::table& t, const std::filesystem::path& base_dir,
                  CountrySpec& c) {
  const toml::node* early_name = t.get("name");
  const std::string label = early_name != nullptr && early_name->is_string()
                                ? fmt::format("country \"{}\"", early_name->as_string()->get())
                                : std::string("a [[country]]");
  r.check_keys(t, label,
               {"name", "scenario", "region", "neighbours", "population", "persons_per_agent",
                "openness", "legitimacy", "hardship_shift", "crime", "belt_and_road",
                "strategic_value", "debt_exposure", "holds", "events", "set"});
  const toml::node* name = t.get("name");
  if (name == nullptr) {
    throw ScenarioError(c.place, "country name", "", "is missing",
                        "name = \"Ecuador\": each [[country]] has a name");
  }
  c.name = r.string(*name, "country name", "a country's name");
  if (c.name.empty()) r.fail(*name, "country name", "is empty", "a country's name");
  const auto key = [&c](const char* k) { return country_key(c.name, k); };
  for (const char* required : {"scenario", "population", "persons_per_agent", "openness"}) {
    if (!t.contains(required)) {
      throw ScenarioError(
          c.place, key(required), "", "is missing",
          fmt::format("{} in every [[country]] (docs/mechanisms/export.md)", required));
    }
  }
  c.scenario = read_scenario_path(r, *t.get("scenario"), key("scenario"), base_dir);
  c.scenario_place = r.at(*t.get("scenario"));
  if (const toml::node* n = t.get("region"))
    c.region = r.string(*n, key("region"), "a region's name");
  if (const toml::node* n = t.get("neighbours")) {
    const auto* a = n->as_array();
    if (a == nullptr) {
      r.fail(*n, key("neighbours"), fmt::format("is {}", toml_nodes::kind_of(*n)),
             "an array of the names of countries in the world");
    }
    for (const toml::node& v : *a) {
      c.neighbour_names.push_back(
          r.string(v, key("neighbours"), "the name of a country in the world"));
      c.neighbour_places.push_back(r.at(v));
    }
  }
  c.population = r.above_zero(*t.get("population"), key("population"), 1e10);
  c.persons_per_agent = r.above_zero(*t.get("persons_per_agent"), key("persons_per_agent"), 1e10);
  const double agents = c.agents();
  if (agents < 10.0 || agents > 1e9) {
    r.fail(
        *t.get("persons_per_agent"), key("persons_per_agent"),
        fmt::format("gives {:.4g} citizen agents for a population of {:.4g}", agents, c.population),
        "a value that gives from 10 to 10^9 agents (population / persons_per_agent)");
  }
  c.openness = r.number_in(*t.get("openness"), key("openness"), 0, 1);
  if (const toml::node* n = t.get("legitimacy")) {
    c.legitimacy = r.number_in(*n, key("legitimacy"), 0, 1);
  }
  if (const toml::node* n = t.get("hardship_shift")) {
    c.hardship_shift = r.number_in(*n, key("hardship_shift"), -1, 1);
  }
  if (const toml::node* n = t.get("crime")) c.crime = r.number_in(*n, key("crime"), 0, 1);
  if (const toml::node* n = t.get("belt_and_road")) {
    c.belt_and_road = r.boolean(*n, key("belt_and_road"));
  }
  if (const toml::node* n = t.get("strategic_value")) {
    c.strategic_value = r.number_in(*n, key("strategic_value"), 0, 1);
  }
  if (const toml::node* n = t.get("debt_exposure")) {
    c.debt_exposure = r.number_in(*n, key("debt_exposure"), 0, 1);
  }
  if (const toml::node* n = t.get("holds")) c.holds = read_dated(r, *n, key("holds"));
  if (const toml::node* n = t.get("events")) c.events = read_dated(r, *n, key("events"));
  if (const toml::node* n = t.get("set")) c.set = read_set(r, *n, key("set"));
}

template <typename Field>
void read_fields(const WorldReader& r, const toml::table& t, const std::string& table,
                 const std::vector<std::pair<const char*, Field>>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.emplace_back(f.first);
  r.check_keys(t, "[" + table + "]", names);
  for (const auto& [name, read] : fields) {
    if (const toml::node* n = t.get(name)) read(*n, table + "." + name);
  }
}

using FieldReader = std::function<void(const toml::node&, const std::string&)>;

void read_pull(const WorldReader& r, const toml::table& t, PullParameters& p) {
  const auto coefficient = [&r](double& out) {
    return
        [&r, &out](const toml::node& n, const std::string& k) { out = r.number_in(n, k, 0, 1000); };
  };
  read_fields<FieldReader>(r, t, "pull",
                           {{"base", coefficient(p.base)},
                            {"unrest", coefficient(p.unrest)},
                            {"crime", coefficient(p.crime)},
                            {"unrest_regime", coefficient(p.unrest_regime)},
                            {"demonstration", coefficient(p.demonstration)},
                            {"neighbours", coefficient(p.neighbours)},
                            {"scale", coefficient(p.scale)},
                            {"openness_exponent",
                             [&](const toml::node& n, const std::string& k) {
                               // Above 0: at 0 openness would not weigh at all.
                               p.openness_exponent = r.number_in(n, k, 0.1, 100);
                             }},
                            {"price_sensitivity",
                             [&](const toml::node& n, const std::string& k) {
                               p.price_sensitivity = r.number_in(n, k, 0, 1);
                             }},
                            {"crime_reference", [&](const toml::node& n, const std::string& k) {
                               p.crime_reference = r.above_zero(n, k, 1e9);
                             }}});
}

void read_push(const WorldReader& r, const toml::table& t, PushParameters& p) {
  const auto weight = [&r](double& out) {
    return
        [&r, &out](const toml::node& n, const std::string& k) { out = r.number_in(n, k, 0, 100); };
  };
  const auto share = [&r](double& out) {
    return [&r, &out](const toml::node& n, const std::string& k) { out = r.number_in(n, k, 0, 1); };
  };
  read_fields<FieldReader>(r, t, "push",
                           {{"membership", weight(p.membership)},
                            {"strategic", weight(p.strategic)},
                            {"debt", weight(p.debt)},
                            {"alignment", weight(p.alignment)},
                            {"offers_per_year",
                             [&](const toml::node& n, const std::string& k) {
                               p.offers_per_year = static_cast<int>(r.integer(n, k, 0, 100000));
                             }},
                            {"offer_at", share(p.offer_at)},
                            {"free_at", share(p.free_at)},
                            {"partly_free_at", share(p.partly_free_at)}});
  if (p.membership + p.strategic + p.debt + p.alignment <= 0.0) {
    throw ScenarioError(SourcePlace{r.file(), 0, 0}, "push", "", "has every weight at 0",
                        "at least one of membership, strategic, debt, alignment above 0");
  }
  if (p.partly_free_at > p.free_at) {
    // Either may be the default; the message points at the one written.
    const toml::node* at =
        t.get("partly_free_at") != nullptr ? t.get("partly_free_at") : t.get("free_at");
    r.fail(*at, at == t.get("free_at") ? "push.free_at" : "push.partly_free_at",
           fmt::format("gives free_at {} below partly_free_at {}", p.free_at, p.partly_free_at),
           "free_at at least partly_free_at (free terms go to the highest priorities)");
  }
}

void read_training(const WorldReader& r, const toml::table& t, TrainingParameters& p) {
  read_fields<FieldReader>(
      r, t, "training",
      {{"years",
        [&](const toml::node& n, const std::string& k) {
          p.years = static_cast<int>(r.integer(n, k, 0, 200));
        }},
       {"rate",
        [&](const toml::node& n, const std::string& k) { p.rate = r.number_in(n, k, 0, 1); }},
       {"targets", [&](const toml::node& n, const std::string& k) {
          const toml::table& targets =
              r.table(n, k,
                      "a table of live mechanism parameters and their ceilings, such as { "
                      "\"cameras.tpr\" = 0.95 }");
          p.targets.clear();
          for (const auto& [name_view, v] : targets) {
            const std::string name(name_view.str());
            const ParamSpec* spec = find_parameter(name);
            const std::string full = k + " " + name;
            if (spec == nullptr || !spec->live || name.find('.') == std::string::npos ||
                find_mechanism(name.substr(0, name.find('.'))) == nullptr) {
              const std::string near = spec == nullptr ? unknown_key_suggestion(name) : "";
              r.fail(v, full,
                     spec == nullptr ? "is no parameter" : "is not a live parameter of a mechanism",
                     "a mechanism's parameter marked live in `panopticon params`, such as "
                     "cameras.tpr or ijop.p_detain" +
                         (near.rfind("did you mean", 0) == 0
                              ? "; " + near.substr(0, near.find('?') + 1)
                              : std::string()));
            }
            const double ceiling = r.number(v, full);
            parse_parameter_value(name, node_text(v), r.at(v));
            p.targets.push_back({name, ceiling});
          }
        }}});
}

void read_financing(const WorldReader& r, const toml::table& t, FinancingParameters& p) {
  const auto whole = [&r](int& out) {
    return [&r, &out](const toml::node& n, const std::string& k) {
      out = static_cast<int>(r.integer(n, k, 0, 200));
    };
  };
  read_fields<FieldReader>(
      r, t, "financing",
      {{"relief",
        [&](const toml::node& n, const std::string& k) { p.relief = r.number_in(n, k, 0, 1); }},
       {"relief_years", whole(p.relief_years)},
       {"debt_service", [&](const toml::node& n,
                            const std::string& k) { p.debt_service = r.number_in(n, k, 0, 1); }},
       {"grace_years", whole(p.grace_years)},
       {"service_years",
        [&](const toml::node& n, const std::string& k) {
          p.service_years = static_cast<int>(r.integer(n, k, 1, 200));
        }},
       {"price_per_person", [&](const toml::node& n, const std::string& k) {
          const toml::table& prices = r.table(
              n, k,
              "a table of packages and their price in US$ per person, such as { cameras = 14 }");
          for (const auto& [name_view, v] : prices) {
            const std::string name(name_view.str());
            const auto package = find_package(name);
            if (!package) r.fail(v, k + " " + name, "is no package", "one of " + package_list());
            p.price_per_person[static_cast<std::size_t>(*package)] =
                r.number_in(v, k + " " + name, 0, 1e6);
          }
        }}});
}

void read_institutions(const WorldReader& r, const toml::table& t, InstitutionParameters& p) {
  read_fields<FieldReader>(
      r, t, "institutions",
      {{"enabled", [&](const toml::node& n, const std::string& k) { p.enabled = r.boolean(n, k); }},
       {"rate",
        [&](const toml::node& n, const std::string& k) { p.rate = r.number_in(n, k, 0, 1); }},
       {"capacity_at",
        [&](const toml::node& n, const std::string& k) {
          p.capacity_at =
              // Training is no capacity: at most the other six packages count.
              static_cast<int>(r.integer(n, k, 0, static_cast<std::int64_t>(kPackageCount) - 1));
        }},
       {"repression_at", [&](const toml::node& n, const std::string& k) {
          p.repression_at = r.number_in(n, k, 0, 1e6);
        }}});
}

void read_showcases(const WorldReader& r, const toml::node& node, std::vector<Showcase>& out) {
  const auto* array = node.is_array_of_tables() ? node.as_array() : nullptr;
  if (array == nullptr) {
    r.fail(node, "showcase", fmt::format("is {}", toml_nodes::kind_of(node)),
           "[[showcase]] tables with name, year, boost and half_life");
  }
  for (const toml::node& item : *array) {
    const toml::table& t = *item.as_table();
    r.check_keys(t, "a [[showcase]]", {"name", "year", "boost", "half_life"});
    Showcase s;
    s.place = r.at(item);
    for (const char* required : {"name", "year", "boost"}) {
      if (!t.contains(required)) {
        throw ScenarioError(s.place, fmt::format("showcase {}", required), "", "is missing",
                            "name, year and boost in every [[showcase]]");
      }
    }
    s.name = r.string(*t.get("name"), "showcase name", "the showcase's name");
    s.year = r.year(*t.get("year"), "showcase year");
    s.year_place = r.at(*t.get("year"));
    s.boost = r.number_in(*t.get("boost"), "showcase boost", 0, 1);
    if (const toml::node* n = t.get("half_life"))
      s.half_life = r.above_zero(*n, "showcase half_life", 1000);
    out.push_back(std::move(s));
  }
}

Distribution read_distribution(const WorldReader& r, const toml::node& node, const std::string& key,
                               double min, double max) {
  const std::string shape = fmt::format(
      "a number from {} to {}, or {{ distribution = \"uniform\" | \"log_uniform\", min, max }}, "
      "{{ distribution = \"beta\", alpha, beta }} or {{ distribution = \"bernoulli\", p }}",
      min, max);
  Distribution d;
  if (node.is_integer() || node.is_floating_point()) {
    d.kind = Distribution::Kind::kConstant;
    d.a = r.number_in(node, key, min, max);
    return d;
  }
  const toml::table& t = r.table(node, key, shape);
  const toml::node* kind = t.get("distribution");
  if (kind == nullptr) r.fail(node, key, "has no distribution", shape);
  const std::string name = r.string(*kind, key + " distribution", shape);
  const auto get = [&](const char* k, double lo, double hi) {
    const toml::node* n = t.get(k);
    if (n == nullptr) r.fail(node, key, fmt::format("has no {}", k), shape);
    return r.number_in(*n, fmt::format("{} {}", key, k), lo, hi);
  };
  if (name == "uniform" || name == "log_uniform") {
    r.check_keys(t, key, {"distribution", "min", "max"});
    d.kind = name == "uniform" ? Distribution::Kind::kUniform : Distribution::Kind::kLogUniform;
    d.a = get("min", min, max);
    d.b = get("max", min, max);
    if (d.b < d.a) r.fail(node, key, "has max below min", shape);
    if (d.kind == Distribution::Kind::kLogUniform && !(d.a > 0.0)) {
      r.fail(node, key, "is log_uniform from 0", "a log_uniform distribution with min above 0");
    }
  } else if (name == "beta") {
    r.check_keys(t, key, {"distribution", "alpha", "beta"});
    d.kind = Distribution::Kind::kBeta;
    d.a = get("alpha", 0.01, 1000);
    d.b = get("beta", 0.01, 1000);
    if (min > 0.0 || max < 1.0)
      r.fail(node, key, "is a beta distribution",
             "a number, or a uniform or log_uniform distribution (a beta draw is from 0 to 1)");
  } else if (name == "bernoulli") {
    r.check_keys(t, key, {"distribution", "p"});
    d.kind = Distribution::Kind::kBernoulli;
    d.a = get("p", 0, 1);
  } else {
    r.fail(*kind, key + " distribution", "is no distribution", shape);
  }
  return d;
}

void read_synthetic(const WorldReader& r, const toml::table& t,
                    const std::filesystem::path& base_dir, SyntheticCountries& s) {
  r.check_keys(t, "[synthetic]",
               {"count", "regions", "scenario", "set", "agents", "seed", "population", "openness",
                "legitimacy", "hardship_shift", "crime", "belt_and_road", "strategic_value",
                "debt_exposure"});
  for (const char* required : {"count", "scenario"}) {
    if (!t.contains(required)) {
      throw ScenarioError(r.at(t), fmt::format("synthetic.{}", required), "", "is missing",
                          "count and scenario in [synthetic]");
    }
  }
  s.count = static_cast<int>(r.integer(*t.get("count"), "synthetic.count", 1,
                                       static_cast<std::int64_t>(kMostCountries) - 1));
  if (const toml::node* n = t.get("regions")) {
    s.regions = static_cast<int>(r.integer(*n, "synthetic.regions", 1, s.count));
  }
  s.scenario = read_scenario_path(r, *t.get("scenario"), "synthetic.scenario", base_dir);
  if (const toml::node* n = t.get("set")) s.set = read_set(r, *n, "synthetic.set");
  if (const toml::node* n = t.get("agents"))
    s.agents = r.number_in(*n, "synthetic.agents", 10, 1e9);
  if (const toml::node* n = t.get("seed")) {
    s.seed = static_cast<std::uint64_t>(
        r.integer(*n, "synthetic.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  const auto dist = [&](const char* k, Distribution& d, double lo, double hi) {
    const toml::node* n = t.get(k);
    if (n == nullptr) return;
    const std::string key = fmt::format("synthetic.{}", k);
    d = read_distribution(r, *n, key, lo, hi);
    // A yes-or-no attribute is drawn yes or no; a quantity is never.
    const bool flag = std::string_view(k) == "belt_and_road";
    const bool bernoulli = d.kind == Distribution::Kind::kBernoulli;
    if (flag && !bernoulli && d.kind != Distribution::Kind::kConstant) {
      r.fail(*n, key, "is drawn from a distribution of numbers",
             "{ distribution = \"bernoulli\", p } or 0 or 1 (a country is a member or not)");
    }
    if (!flag && bernoulli) {
      r.fail(*n, key, "is a bernoulli distribution",
             fmt::format("a number from {} to {}, or a uniform, log_uniform or beta "
                         "distribution (bernoulli draws 0 or 1: for belt_and_road)",
                         lo, hi));
    }
  };
  dist("population", s.population, 1, 1e10);
  dist("openness", s.openness, 0, 1);
  dist("legitimacy", s.legitimacy, 0, 1);
  dist("hardship_shift", s.hardship_shift, -1, 1);
  dist("crime", s.crime, 0, 1);
  dist("belt_and_road", s.belt_and_road, 0, 1);
  dist("strategic_value", s.strategic_value, 0, 1);
  dist("debt_exposure", s.debt_exposure, 0, 1);
}

// Training's defaults: the parameters [S28]'s seminars and a vendor's
// know-how improve, up to a vendor's claim (cameras.tpr 0.95 [S37]) or
// illustrative ceilings.
std::vector<TrainingTarget> default_training_targets() {
  return {{"cameras.tpr", 0.95},
          {"ijop.p_detain", 0.8},
          {"telecom.detect", 0.8},
          {"policing.tech_level", 0.9}};
}

void set_default_prices(FinancingParameters& f) {
  // US$ per person of the importer: Ecuador's ECU-911, about US$240 M for
  // 17 M people [S32]; Venezuela's carnet, part of a US$70 M effort for 28 M
  // [S30]; the rest illustrative, of the same order.
  const std::array<double, kPackageCount> prices = {14.0, 3.0, 2.5, 5.0, 1.0, 6.0, 0.5};
  std::copy(prices.begin(), prices.end(), std::begin(f.price_per_person));
}

void read_world_table(const WorldReader& r, const toml::table& t, WorldSpec& w,
                      std::string& exporter, std::string& countries_from,
                      const toml::node*& countries_from_node) {
  r.check_keys(t, "[world]",
               {"mode", "start_year", "end_year", "burn_in_years", "ticks_per_year", "seed",
                "short_years", "long_years", "exporter", "countries_from"});
  if (const toml::node* n = t.get("mode")) {
    const std::string mode = r.string(*n, "world.mode", "historical or simulated");
    if (mode == "historical") {
      w.mode = WorldMode::kHistorical;
    } else if (mode == "simulated") {
      w.mode = WorldMode::kSimulated;
    } else {
      r.fail(*n, "world.mode", "is no mode",
             "historical (adoptions are the dated events) or simulated (they emerge from push "
             "and pull)");
    }
  }
  if (const toml::node* n = t.get("start_year")) w.start_year = r.year(*n, "world.start_year");
  if (const toml::node* n = t.get("end_year")) w.end_year = r.year(*n, "world.end_year");
  if (w.end_year < w.start_year) {
    throw ScenarioError(t.get("end_year") != nullptr ? r.at(*t.get("end_year")) : r.at(t),
                        "world.end_year", std::to_string(w.end_year), "is before world.start_year",
                        fmt::format("a year from {} on", w.start_year));
  }
  if (const toml::node* n = t.get("burn_in_years")) {
    w.burn_in_years = static_cast<int>(r.integer(*n, "world.burn_in_years", 0, 100));
  }
  if (const toml::node* n = t.get("ticks_per_year")) {
    w.ticks_per_year = static_cast<int>(r.integer(*n, "world.ticks_per_year", 1, 10000));
  }
  if (const toml::node* n = t.get("seed")) {
    w.seed = static_cast<std::uint64_t>(
        r.integer(*n, "world.seed", 0, std::numeric_limits<std::int64_t>::max() / 2));
  }
  if (const toml::node* n = t.get("short_years")) {
    w.short_years = static_cast<int>(r.integer(*n, "world.short_years", 1, 1000));
  }
  if (const toml::node* n = t.get("long_years")) {
    w.long_years = static_cast<int>(r.integer(*n, "world.long_years", 1, 1000));
  }
  if (const toml::node* n = t.get("exporter")) {
    exporter = r.string(*n, "world.exporter", "the name of a country in the world");
  }
  if (const toml::node* n = t.get("countries_from")) {
    countries_from = r.string(*n, "world.countries_from",
                              "another world file whose [[country]] tables this world takes");
    countries_from_node = n;
  }
}

void read_countries(const WorldReader& r, const toml::node& node,
                    const std::filesystem::path& base_dir, std::vector<CountrySpec>& out) {
  const auto* array = node.is_array_of_tables() ? node.as_array() : nullptr;
  if (array == nullptr) {
    r.fail(node, "country", fmt::format("is {}", toml_nodes::kind_of(node)),
           "[[country]] tables (docs/mechanisms/export.md)");
  }
  for (const toml::node& item : *array) {
    CountrySpec c;
    c.place = r.at(item);
    read_country(r, *item.as_table(), base_dir, c);
    out.push_back(std::move(c));
  }
}

// Names, neighbours, the exporter and the years of holds and events, once
// every country is read.
void check_countries(const WorldSpec& w, const std::string& exporter,
                     const SourcePlace& world_place, const SourcePlace& exporter_place,
                     std::size_t most_countries) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const CountrySpec& c = w.countries[i];
    if (const auto [at, fresh] = index.emplace(c.name, i); !fresh) {
      throw ScenarioError(
          c.place, "country name", "\"" + c.name + "\"",
          fmt::format("is declared twice (first at {})", place_text(w.countries[at->second].place)),
          "a name of its own for each [[country]]");
    }
  }
  if (w.countries.size() < 2) {
    throw ScenarioError(world_place, "country", "",
                        fmt::format("the world holds {} countr{}", w.countries.size(),
                                    w.countries.size() == 1 ? "y" : "ies"),
                        "an exporter and at least one other country ([[country]] or [synthetic])");
  }
  if (w.countries.size() > most_countries) {
    throw ScenarioError(world_place, "country", "",
                        fmt::format("the world holds {} countries", w.countries.size()),
                        fmt::format("at most {}", most_countries));
  }
  if (exporter.empty()) {
    throw ScenarioError(world_place, "world.exporter", "", "is missing",
                        "exporter = \"China\", the name of the country that exports");
  }
  if (!index.contains(exporter)) {
    std::string names;
    for (const CountrySpec& c : w.countries) {
      if (names.size() > 200) break;
      names += (names.empty() ? "" : ", ") + c.name;
    }
    throw ScenarioError(exporter_place, "world.exporter", "\"" + exporter + "\"",
                        "is no country of the world", "one of " + names);
  }
  for (const CountrySpec& c : w.countries) {
    if (c.region == "world") {
      throw ScenarioError(c.place, country_key(c.name, "region"), "\"world\"",
                          "is the name of every country's aggregate in the tables",
                          "another region name");
    }
    for (std::size_t k = 0; k < c.neighbour_names.size(); ++k) {
      const std::string& n = c.neighbour_names[k];
      const SourcePlace& at = k < c.neighbour_places.size() ? c.neighbour_places[k] : c.place;
      if (std::count(c.neighbour_names.begin(),
                     c.neighbour_names.begin() + static_cast<std::ptrdiff_t>(k), n) > 0) {
        throw ScenarioError(at, country_key(c.name, "neighbours"), "\"" + n + "\"",
                            "is listed twice", "each neighbour once");
      }
      if (!index.contains(n)) {
        throw ScenarioError(at, country_key(c.name, "neighbours"), "\"" + n + "\"",
                            "is no country of the world",
                            "names of [[country]] tables of this world");
      }
      if (n == c.name) {
        throw ScenarioError(at, country_key(c.name, "neighbours"), "\"" + n + "\"",
                            "is the country itself", "other countries of the world");
      }
    }
    for (const DatedPackage& d : c.holds) {
      if (d.year > w.start_year) {
        throw ScenarioError(d.place, country_key(c.name, "holds year"), std::to_string(d.year),
                            fmt::format("is after the world's start, {}", w.start_year),
                            fmt::format("a year up to {}; a later adoption is an event "
                                        "(events = [...], historical mode)",
                                        w.start_year));
      }
    }
    for (const DatedPackage& d : c.events) {
      if (d.year < w.start_year || d.year > w.end_year) {
        throw ScenarioError(
            d.place, country_key(c.name, "events year"), std::to_string(d.year),
            d.year < w.start_year ? "is a year before the start" : "is a year after the end",
            fmt::format("a year from world.start_year ({}) to world.end_year ({}); a package "
                        "held before is in holds",
                        w.start_year, w.end_year));
      }
      for (const DatedPackage& h : c.holds) {
        if (h.package == d.package) {
          throw ScenarioError(d.place, country_key(c.name, "events package"),
                              std::string(package_name(d.package)), "is held already (holds)",
                              "a package the country does not hold at the start");
        }
      }
    }
  }
  const CountrySpec& ex = w.countries[index.at(exporter)];
  if (!ex.holds.empty()) {
    throw ScenarioError(ex.holds.front().place, country_key(ex.name, "holds"), "",
                        "are given for the exporter",
                        "none: the exporter holds every package, and its own simulation runs "
                        "what its scenario switches on");
  }
  if (!ex.events.empty()) {
    throw ScenarioError(ex.events.front().place, country_key(ex.name, "events"), "",
                        "are given for the exporter", "none: the exporter holds every package");
  }
}

// The world's --set: each value into its table, as if the file said it;
// the tables a world's keys live in only (a country is set in its file).
void apply_world_overrides(toml::table& root, const std::vector<Override>& overrides) {
  const std::vector<std::string> tables = {"world",     "pull",         "push",     "training",
                                           "financing", "institutions", "synthetic"};
  for (const Override& o : overrides) {
    const std::string origin =
        o.origin.empty() ? fmt::format("--set {}={}", o.key, o.value) : o.origin;
    const std::size_t dot = o.key.find('.');
    const std::string table = o.key.substr(0, dot);
    if (dot == std::string::npos || dot + 1 == o.key.size() ||
        std::find(tables.begin(), tables.end(), table) == tables.end()) {
      throw ScenarioError(SourcePlace{origin, 0, 0}, o.key, o.value,
                          "is no key of a world's tables",
                          "TABLE.KEY with TABLE one of world, pull, push, training, financing, "
                          "institutions, synthetic (a country's values are set in its "
                          "[[country]] table)");
    }
    const std::string key = o.key.substr(dot + 1);
    toml::table parsed;
    try {
      parsed = toml::parse(fmt::format("value = {}", o.value), origin);
    } catch (const toml::parse_error&) {
      // A bare word is a string, as --set takes it for a scenario.
      try {
        parsed = toml::parse(fmt::format("value = \"{}\"", o.value), origin);
      } catch (const toml::parse_error& e) {
        throw ScenarioError(SourcePlace{origin, 0, 0}, o.key, o.value, "is not a TOML value",
                            "a number, true or false, a \"string\" or an inline table");
      }
    }
    toml::node* existing = root.get(table);
    if (existing == nullptr) {
      root.insert(table, toml::table{});
      existing = root.get(table);
    }
    auto* t = existing->as_table();
    if (t == nullptr) {
      throw ScenarioError(SourcePlace{origin, 0, 0}, o.key, o.value,
                          fmt::format("sets a key of [{}], which the file has as no table", table),
                          "a world file whose " + table + " is a table");
    }
    t->insert_or_assign(key, std::move(*parsed.get("value")));
  }
}

}  // namespace

std::string_view package_name(Package package) {
  return kPackages[static_cast<std::size_t>(package)].name;
}
std::string_view package_mechanism(Package package) {
  return kPackages[static_cast<std::size_t>(package)].mechanism;
}
std::optional<Package> find_package(std::string_view name) {
  for (const PackageInfo& p : kPackages) {
    if (name == p.name) return p.package;
  }
  return std::nullopt;
}
std::string package_list() {
  std::string out;
  for (const PackageInfo& p : kPackages) out += std::string(out.empty() ? "" : ", ") + p.name;
  return out;
}
std::string_view terms_name(Terms terms) {
  return kTermsNames[static_cast<std::size_t>(terms)];
}
std::optional<Terms> find_terms(std::string_view name) {
  for (std::size_t i = 0; i < kTermsNames.size(); ++i) {
    if (name == kTermsNames[i]) return static_cast<Terms>(i);
  }
  return std::nullopt;
}

namespace {

// A country may come to hold every package, so its scenario must allow
// every package's mechanism on at once (a policing that widens cop vision
// beyond a small lattice, say): checked now, not when the adoption comes
// years into a run.
void check_every_package_on(const WorldSpec& w, std::size_t country, const Scenario& s) {
  if (country == w.exporter) return;  // it runs as its scenario says
  ParamValues all_on = s.params;
  const SourcePlace place{
      fmt::format("{} (country \"{}\"): every package adopted",
                  place_text(w.countries[country].place), w.countries[country].name),
      0, 0};
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    const std::string mechanism(package_mechanism(static_cast<Package>(p)));
    if (mechanism.empty()) continue;
    for (const auto& [key, value] : {std::pair<std::string, std::string>{".enabled", "true"},
                                     {".start_tick", "1"},
                                     {".end_tick", "inf"}}) {
      if (key == ".start_tick" && s.params.get_bool(mechanism + ".enabled")) continue;
      if (key == ".end_tick" && s.params.get_bool(mechanism + ".enabled")) continue;
      all_on.values[mechanism + key] = parse_parameter_value(mechanism + key, value, place);
      all_on.places[mechanism + key] = place;
    }
  }
  try {
    (void)resolve_scenario(std::move(all_on), s.source);
  } catch (const ScenarioError& e) {
    throw e.caused_by(fmt::format(
        "country \"{}\" may adopt every package, and its scenario does not allow them all on",
        w.countries[country].name));
  }
}

}  // namespace

WorldSpec parse_world(std::string_view toml_text, const std::string& source_name,
                      const std::filesystem::path& base_dir, std::size_t most_countries,
                      const std::vector<Override>& overrides) {
  toml::table root = toml_nodes::parse_document(toml_text, source_name);
  apply_world_overrides(root, overrides);
  const WorldReader r(source_name, "the world");
  r.check_keys(root, "the world",
               {"world", "country", "synthetic", "pull", "push", "training", "financing",
                "institutions", "showcase"});
  const SourcePlace world_place{source_name, 0, 0};
  WorldSpec w;
  w.source = source_name;
  w.training.targets = default_training_targets();
  set_default_prices(w.financing);
  const toml::node* world = root.get("world");
  if (world == nullptr) {
    throw ScenarioError(world_place, "world", "", "is missing",
                        "a [world] table with mode, start_year, end_year and exporter");
  }
  std::string exporter;
  std::string countries_from;
  const toml::node* countries_from_node = nullptr;
  read_world_table(r, r.table(*world, "world", "a [world] table"), w, exporter, countries_from,
                   countries_from_node);
  if (const toml::node* n = root.get("pull"))
    read_pull(r, r.table(*n, "pull", "a [pull] table"), w.pull);
  if (const toml::node* n = root.get("push"))
    read_push(r, r.table(*n, "push", "a [push] table"), w.push);
  if (const toml::node* n = root.get("training")) {
    read_training(r, r.table(*n, "training", "a [training] table"), w.training);
  }
  if (const toml::node* n = root.get("financing")) {
    read_financing(r, r.table(*n, "financing", "a [financing] table"), w.financing);
  }
  if (const toml::node* n = root.get("institutions")) {
    read_institutions(r, r.table(*n, "institutions", "an [institutions] table"), w.institutions);
  }
  if (const toml::node* n = root.get("showcase")) read_showcases(r, *n, w.showcases);
  for (const Showcase& s : w.showcases) {
    if (s.year < w.start_year - w.burn_in_years || s.year > w.end_year) {
      throw ScenarioError(s.year_place, fmt::format("showcase \"{}\" year", s.name),
                          std::to_string(s.year), "is outside the world's years",
                          fmt::format("a year from {} (the burn-in's first) to {}",
                                      w.start_year - w.burn_in_years, w.end_year));
    }
  }

  if (!countries_from.empty()) {
    if (root.contains("country")) {
      r.fail(*countries_from_node, "world.countries_from", "is given with [[country]] tables",
             "one of the two: this world's own [[country]] tables or another world file's");
    }
    std::filesystem::path from(countries_from);
    if (from.is_relative()) from = base_dir / from;
    from = from.lexically_normal();
    std::string text;
    try {
      text = read_input_file(from, "world file", kMostWorldFileBytes);
    } catch (const InputFileError& e) {
      r.fail(*countries_from_node, "world.countries_from",
             fmt::format("{} {}", from.string(), e.problem()),
             "a world file, relative to this one's directory");
    }
    const toml::table other = toml_nodes::parse_document(text, from.string());
    const WorldReader other_reader(from.string(), "the world");
    const toml::node* other_world = other.get("world");
    if (other_world != nullptr && other_world->is_table() &&
        other_world->as_table()->contains("countries_from")) {
      r.fail(*countries_from_node, "world.countries_from",
             fmt::format("names {}, which takes its countries from another file itself",
                         from.string()),
             "a world file with [[country]] tables of its own");
    }
    const toml::node* n = other.get("country");
    if (n == nullptr) {
      r.fail(*countries_from_node, "world.countries_from",
             fmt::format("names {}, which has no [[country]] table", from.string()),
             "a world file with [[country]] tables");
    }
    read_countries(other_reader, *n, from.parent_path(), w.countries);
  } else if (const toml::node* n = root.get("country")) {
    read_countries(r, *n, base_dir, w.countries);
  }
  if (const toml::node* n = root.get("synthetic")) {
    w.has_synthetic = true;
    SyntheticCountries s;
    s.seed = w.seed;
    s.place = r.at(*n);
    read_synthetic(r, r.table(*n, "synthetic", "a [synthetic] table"), base_dir, s);
    if (w.countries.size() + static_cast<std::size_t>(s.count) > most_countries) {
      r.fail(
          *n->as_table()->get("count"), "synthetic.count",
          fmt::format("gives {} countries with the {} declared",
                      w.countries.size() + static_cast<std::size_t>(s.count), w.countries.size()),
          fmt::format("at most {} in all", most_countries));
    }
    append_synthetic_countries(s, w.countries);
  }
  const toml::node* exporter_node = world->as_table()->get("exporter");
  check_countries(w, exporter, world_place,
                  exporter_node != nullptr ? r.at(*exporter_node) : r.at(*world), most_countries);

  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < w.countries.size(); ++i) index.emplace(w.countries[i].name, i);
  w.exporter = index.at(exporter);
  for (CountrySpec& c : w.countries) {
    if (!c.neighbour_names.empty()) {
      for (const std::string& n : c.neighbour_names) c.neighbours.push_back(index.at(n));
    } else if (!c.region.empty()) {
      for (std::size_t j = 0; j < w.countries.size(); ++j) {
        if (w.countries[j].region == c.region && w.countries[j].name != c.name) {
          c.neighbours.push_back(j);
        }
      }
    }
  }
  // Each country's scenario as the world runs it: its errors now, not
  // after years of the others have run.
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    try {
      const Scenario s = country_scenario(w, i);
      // The world reads these as one number and changes them as one
      // (training, financing): a schedule would be flattened.
      std::vector<std::string> numbers = {"dissent.hardship_shift", "crime.rate",
                                          "legitimacy.initial"};
      for (const TrainingTarget& t : w.training.targets) numbers.push_back(t.key);
      for (const std::string& key : numbers) {
        try {
          (void)s.params.get_float(key);
        } catch (const std::logic_error&) {
          throw ScenarioError(w.countries[i].scenario_place, country_key(w.countries[i].name, key),
                              "(a schedule)",
                              "is a schedule in a world, which reads it and changes it as one "
                              "number (training, financing, the tables)",
                              "a constant value in the country's scenario or set");
        }
      }
      check_every_package_on(w, i, s);
      w.countries[i].as_run = {s.width, s.height, s.params.get_float("legitimacy.initial"),
                               s.params.get_float("dissent.hardship_shift"),
                               s.params.get_float("crime.rate")};
    } catch (const ScenarioError& e) {
      if (e.key().starts_with("country \"")) throw;
      // The scenario's own error (its file, line and key), and the country
      // whose simulation it is, with the world's overrides.
      throw e.caused_by(fmt::format("the world's overrides for country \"{}\" ({})",
                                    w.countries[i].name,
                                    place_text(w.countries[i].scenario_place)));
    }
  }
  return w;
}

WorldSpec load_world(const std::filesystem::path& path, const std::vector<Override>& overrides) {
  std::string text;
  try {
    text = read_input_file(path, "world file", kMostWorldFileBytes);
  } catch (const InputFileError& e) {
    throw ScenarioError(SourcePlace{path.string(), 0, 0}, "", "", "the world file " + e.problem(),
                        "a regular file of TOML text of at most 4 MiB");
  }
  return parse_world(text, path.string(), path.parent_path(), kMostCountries, overrides);
}

double estimate_world_memory(const WorldSpec& w) {
  double bytes = 0.0;
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    bytes += estimate_memory(country_scenario(w, i)).total();
  }
  return bytes;
}

std::uint64_t country_seed(const WorldSpec& world, std::size_t country, int replicate) {
  return derived_seed(world.seed, country, static_cast<std::uint64_t>(replicate));
}

std::uint64_t export_seed(const WorldSpec& world, int replicate) {
  // The country index kMostCountries is no country's.
  return derived_seed(world.seed, kMostCountries, static_cast<std::uint64_t>(replicate));
}

std::vector<Override> country_overrides(const WorldSpec& world, std::size_t country,
                                        int replicate) {
  const CountrySpec& c = world.countries.at(country);
  const std::string origin = fmt::format("{} (country \"{}\")", place_text(c.place), c.name);
  std::vector<Override> out;
  const auto add = [&](const std::string& key, const std::string& value, const std::string& why) {
    out.emplace_back(key, value, fmt::format("{}: {}", origin, why));
  };
  add("model.ticks_per_year", std::to_string(world.ticks_per_year), "world.ticks_per_year");
  add("model.steps", std::to_string(world.total_ticks()), "the world's years");
  const std::uint64_t seed = country_seed(world, country, replicate);
  add("model.seed", std::to_string(seed), "derived from world.seed, the country and the replicate");
  add("model.threads", "1", "one thread per country");
  add("model.compliance_layer", "always", "packages are adopted while it runs");
  if (c.legitimacy) add("legitimacy.initial", fmt::format("{}", *c.legitimacy), "legitimacy");
  if (c.hardship_shift) {
    add("dissent.hardship_shift", fmt::format("{}", *c.hardship_shift), "hardship_shift");
  }
  if (c.crime) add("crime.rate", fmt::format("{}", *c.crime), "crime");
  for (const Override& o : c.set) out.push_back(o);
  return out;
}

Scenario country_scenario(const WorldSpec& world, std::size_t country, int replicate) {
  const CountrySpec& c = world.countries.at(country);
  std::vector<Override> overrides = country_overrides(world, country, replicate);
  // The lattice that holds its agents at the density its scenario says.
  const Scenario first = load_scenario(c.scenario.string(), overrides);
  if (!(first.citizen_density > 0.0)) {
    throw ScenarioError(c.scenario_place, country_key(c.name, "scenario"), c.scenario.string(),
                        "has citizens.density 0: no lattice holds its agents",
                        "a citizens.density above 0 in the country's scenario or set");
  }
  const double side = std::ceil(std::sqrt(c.agents() / first.citizen_density));
  const std::string side_text = fmt::format("{}", static_cast<std::uint64_t>(std::max(side, 1.0)));
  const std::string why = fmt::format("{} (country \"{}\"): population / persons_per_agent",
                                      place_text(c.place), c.name);
  overrides.emplace_back("lattice.width", side_text, why);
  overrides.emplace_back("lattice.height", side_text, why);
  return load_scenario(c.scenario.string(), overrides);
}

}  // namespace panopticon
