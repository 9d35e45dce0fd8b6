#include "panopticon/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "panopticon/jail.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/thread_budget.hpp"

namespace panopticon {

namespace {

// A column of a plain Model I results table and how the counts give it:
// the one list of them.
struct ModelColumn {
  OutputColumn column;
  double (*value)(const TickCounts&);
};

const std::vector<ModelColumn>& model_column_list() {
  using R = Reduce;
  using C = const TickCounts&;
  static const std::vector<ModelColumn> list = {
      {{"quiet", "citizens", "citizens at liberty and not active", R::kMean},
       [](C c) { return static_cast<double>(c.quiet); }},
      {{"active", "citizens", "citizens in open rebellion", R::kMean},
       [](C c) { return static_cast<double>(c.active); }},
      {{"jailed", "citizens", "citizens in jail", R::kMean},
       [](C c) { return static_cast<double>(c.jailed); }},
      {{"cops", "cops", "cops on duty", R::kMean}, [](C c) { return static_cast<double>(c.cops); }},
      {{"arrests", "arrests", "arrests during the tick", R::kSum},
       [](C c) { return static_cast<double>(c.arrests); }},
      {{"legitimacy", "", "the scenario's legitimacy L(t)", R::kMean},
       [](C c) { return c.legitimacy; }},
  };
  return list;
}

// The model's own per-citizen columns, whatever the engine: the query
// API's names for what the engines and the layer hold.
ColumnSpec model_column(std::string name, ColumnType type, std::string meaning) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.saved = false;
  c.hashed = false;
  c.meaning = std::move(meaning);
  c.owner = "model";
  return c;
}

}  // namespace

std::span<const ColumnSpec> model_citizen_columns() {
  static const std::vector<ColumnSpec> list = {
      model_column("state", ColumnType::kState,
                   "QUIET 0, DISSENT 1, ACTIVE 2, JAILED 3, DETAINED 4 (agent_state.hpp)"),
      model_column("cell", ColumnType::kU32,
                   "where the citizen is, y x width + x (a prisoner: where arrested)"),
      model_column("hardship", ColumnType::kF32, "H0, the hardship drawn at the start"),
      model_column("risk_aversion", ColumnType::kF32, "R, the risk aversion drawn at the start"),
      model_column("legitimacy", ColumnType::kF64,
                   "perceived legitimacy L_i (L without the layer)"),
  };
  return list;
}

std::span<const OutputColumn> model_columns() {
  static const std::vector<OutputColumn> columns = [] {
    std::vector<OutputColumn> out;
    for (const ModelColumn& c : model_column_list()) out.push_back(c.column);
    return out;
  }();
  return columns;
}

void write_model_row(const TickCounts& counts, const ResultRow& row) {
  const auto& list = model_column_list();
  for (std::size_t i = 0; i < list.size(); ++i) {
    row.set(ResultSlot{static_cast<std::uint32_t>(i)}, list[i].value(counts));
  }
}

ResultsTable results_for(const Scenario& scenario) {
  if (Compliance::wanted(scenario)) return ResultsTable(Compliance::columns());
  const auto columns = model_columns();
  return ResultsTable(std::vector<OutputColumn>(columns.begin(), columns.end()));
}

namespace {
std::string lattice_mismatch(std::uint32_t width, std::uint32_t height, const Scenario& scenario) {
  return fmt::format(
      "holds the state of a {}x{} lattice where its scenario has {}x{} (lattice.width x "
      "lattice.height)",
      width, height, scenario.width, scenario.height);
}
}  // namespace

void check_state_lattice(const CheckpointReader& in, const Scenario& scenario) {
  const auto width = in.peek<std::uint32_t>("the lattice width");
  const auto height = in.peek<std::uint32_t>("the lattice height", sizeof(std::uint32_t));
  if (width != scenario.width || height != scenario.height) {
    in.fail(lattice_mismatch(width, height, scenario));
  }
}

void walk_model_header(StateArchive& archive, const Scenario& scenario, std::int64_t& tick,
                       std::uint64_t& arrests, LiveParameters& live, ResultsTable& results) {
  // The lattice the state is of, first: a checkpoint whose state does not
  // fit its scenario (a forged or mixed-up file) is refused by name, not by
  // a count deep in the agents or, where the cell count happens to agree
  // (40x50 for 50x40), not at all.
  std::uint32_t width = scenario.width;
  std::uint32_t height = scenario.height;
  archive.value("the lattice width", width);
  archive.value("the lattice height", height);
  archive.require(width == scenario.width && height == scenario.height,
                  lattice_mismatch(width, height, scenario));
  archive.value("the tick", tick);
  archive.require(tick >= 0 && tick <= scenario.steps, "holds a tick outside the run");
  archive.value("the arrest count", arrests);
  live.walk_state(archive, tick + 1);
  results.walk_state(archive, static_cast<std::uint64_t>(scenario.steps) + 1);
  archive.require(results.rows() == static_cast<std::size_t>(tick) + 1,
                  "holds results rows that do not end at its tick");
}

Engine::Engine(const Scenario& scenario)
    : ModelCore(scenario),
      scenario_(scenario),
      live_(scenario_),
      legitimacy_schedule_(live_.number("legitimacy.initial")),
      cop_density_(live_.number("cops.density")),
      results_(results_for(scenario_)),
      legitimacy_(legitimacy_schedule_.at(0)),
      cop_vision_radius_(scenario.cop_vision) {}

void Engine::start_layer() {
  if (!Compliance::wanted(scenario_)) return;
  compliance_ = std::make_unique<Compliance>(scenario_, live_, torus_, citizen_vision_, streams_,
                                             static_cast<std::uint32_t>(citizens_), results_,
                                             static_cast<EngineAccess&>(*this), tick_);
}

void Engine::start() {
  const ThreadBudget::Lease lease = ThreadBudget::process().lease(wanted_threads());
  team_ = lease.size();
  start_layer();
  record_row();
}

void Engine::start(CheckpointReader& in) {
  const ThreadBudget::Lease lease = ThreadBudget::process().lease(wanted_threads());
  team_ = lease.size();
  start_layer();
  if (compliance_) {
    StateArchive archive(in);
    compliance_->walk_state(archive);
  }
  in.expect_end();
  count();
}

void Engine::read_header(CheckpointReader& in) {
  StateArchive archive(in);
  walk_model_header(archive, scenario_, tick_, arrests_this_tick_, live_, results_);
  legitimacy_ = legitimacy_schedule_.at(tick_);
}

void Engine::save(CheckpointWriter& out) const {
  StateArchive archive(out);
  // A walk that saves changes nothing; it takes references so that one
  // function lists the state for save, load and hash alike.
  auto& self = const_cast<Engine&>(*this);
  std::int64_t tick = tick_;
  std::uint64_t arrests = arrests_this_tick_;
  walk_model_header(archive, scenario_, tick, arrests, self.live_, self.results_);
  save_agents(out);
  if (compliance_) self.compliance_->walk_state(archive);
}

std::uint64_t Engine::state_hash() const {
  StateArchive archive;
  auto& self = const_cast<Engine&>(*this);
  std::int64_t tick = tick_;
  std::uint64_t arrests = arrests_this_tick_;
  walk_model_header(archive, scenario_, tick, arrests, self.live_, self.results_);
  std::uint64_t agents = agents_hash();
  archive.value("the agents", agents);
  if (compliance_) self.compliance_->walk_state(archive);
  return archive.hash();
}

void Engine::step() {
  const ThreadBudget::Lease lease = ThreadBudget::process().lease(wanted_threads());
  team_ = lease.size();
  ++tick_;
  arrests_this_tick_ = 0;
  legitimacy_ = legitimacy_schedule_.at(tick_);
  schedule_cops();
  if (compliance_) compliance_->begin_tick(tick_, legitimacy_, *this);
  activate();
  if (compliance_) compliance_->end_tick(*this);
  record_row();
}

void Engine::schedule_cops() {
  if (cop_density_.constant()) return;  // the common case
  const std::int64_t target = scheduled_cops(cop_density_.at(tick_), cop_density_.at(0),
                                             initial_cops_, torus_.cell_count());
  run_cop_schedule(cop_roster(), target, torus_.cell_count(), tick_, streams_);
}

void Engine::count() {
  counts_ = count_agents();
  counts_.tick = tick_;
  counts_.arrests = arrests_this_tick_;
  counts_.legitimacy = legitimacy_;
  if (compliance_) compliance_->split_counts(counts_);
}

// The layer's row first: it counts the layer's states, by which the
// engine's counts are split.
void Engine::record_row() {
  if (compliance_) {
    compliance_->record(results_.append());
    count();
  } else {
    count();
    write_model_row(counts_, results_.append());
  }
}

std::int32_t Engine::jail_term_for(std::uint32_t id) const {
  return warrant_term(streams_, scenario_, tick_, id);
}

void Engine::widen_cop_vision(const std::string& who, double cells) {
  if (cells == 0.0) {
    cop_vision_widened_.erase(who);
  } else {
    cop_vision_widened_[who] = cells;
  }
  double radius = scenario_.cop_vision;
  for (const auto& [name, widening] : cop_vision_widened_) radius += widening;
  if (radius == cop_vision_radius_) return;
  cop_vision_ = Neighbourhood(torus_, scenario_.rules.vision_shape, radius,
                              scenario_.rules.vision_includes_own_cell);
  cop_vision_radius_ = radius;
  cop_vision_changed();
}

void Engine::cell_codes(std::span<std::uint8_t> out) const {
  if (out.size() != torus_.cell_count()) {
    throw std::invalid_argument(fmt::format("cell_codes: a buffer of {} bytes for {} cells",
                                            out.size(), torus_.cell_count()));
  }
  agent_cell_codes(out);
  if (!compliance_) return;
  // The layer's states the engine does not hold: DISSENT and DETAINED.
  const Society& s = compliance_->society();
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    std::uint8_t& code = out[s.cell[id]];
    if (s.state[id] == AgentState::kDissent &&
        code == static_cast<std::uint8_t>(CellCode::kQuiet)) {
      code = static_cast<std::uint8_t>(CellCode::kDissent);
    } else if (s.state[id] == AgentState::kDetained &&
               code == static_cast<std::uint8_t>(CellCode::kJailed)) {
      code = static_cast<std::uint8_t>(CellCode::kDetained);
    }
  }
}

std::vector<ColumnSpec> Engine::columns() const {
  std::vector<ColumnSpec> out(model_citizen_columns().begin(), model_citizen_columns().end());
  if (!compliance_) return out;
  for (const ColumnSpec* spec : compliance_->column_specs()) {
    const bool model_name = std::ranges::any_of(
        model_citizen_columns(), [spec](const ColumnSpec& c) { return c.name == spec->name; });
    if (!model_name) out.push_back(*spec);
  }
  return out;
}

ColumnData Engine::column(std::string_view name) const {
  for (const ColumnSpec& spec : model_citizen_columns()) {
    if (spec.name != name) continue;
    if (spec.name == "legitimacy") {
      std::vector<double> l(citizens_, legitimacy_);
      if (compliance_) {
        const Society& s = compliance_->society();
        for (std::uint32_t id = 0; id < s.citizens; ++id) l[id] = s.legitimacy_of(id);
      }
      return {spec, std::move(l)};
    }
    // The layer's state holds DISSENT and DETAINED too; its cell is the engine's.
    if (compliance_ && (spec.name == "state" || spec.name == "cell")) {
      ColumnView v = compliance_->society().columns.view(spec.name);
      return {spec, v.data, v.size, std::move(v.keep)};
    }
    return agent_column(spec);
  }
  if (compliance_) {
    ColumnView v = compliance_->society().columns.view(name);
    if (v.spec != nullptr) return {*v.spec, v.data, v.size, std::move(v.keep)};
  }
  std::string names;
  for (const ColumnSpec& c : columns()) names += (names.empty() ? "" : ", ") + c.name;
  throw std::out_of_range(fmt::format("no column {} in this model; its columns: {}", name, names));
}

std::vector<std::string> Engine::active_mechanisms() const {
  return compliance_ ? compliance_->active_mechanisms() : std::vector<std::string>{};
}

void Engine::change(const std::string& key, const std::string& value, const SourcePlace& place) {
  const ParamValue v = parse_parameter_value(key, value, place);
  ParamValues now = live_.values_at(tick_ + 1);
  now.values[key] = v;
  now.places[key] = place;
  resolve_scenario(std::move(now), scenario_.source);  // the checks across parameters
  live_.add(ParameterChange{tick_ + 1, key, value}, v);
}

namespace {

// A change to a mechanism needs the layer, which must run from tick 0.
[[noreturn]] void no_layer(const SourcePlace& place) {
  throw ScenarioError(
      place, "model.compliance_layer", "\"auto\"",
      "this model runs plain Model I: a mechanism can be adopted or changed only where the "
      "compliance layer runs from tick 0",
      "model.compliance_layer = \"always\" (or dissent.enabled, or the mechanism enabled with "
      "a later start_tick)");
}

}  // namespace

void Engine::adopt(const std::string& mechanism, const std::vector<Override>& parameters) {
  const SourcePlace place{"adopt(" + mechanism + ")", 0, 0};
  const MechanismInfo* info = find_mechanism(mechanism);
  if (info == nullptr) {
    throw ScenarioError(place, "", mechanism, "unknown mechanism", mechanism_suggestion(mechanism));
  }
  if (!compliance_) no_layer(place);
  if (live_.active_at(mechanism, tick_ + 1)) {
    throw ScenarioError(place, mechanism + ".enabled", "true",
                        fmt::format("{} is on already at tick {}", mechanism, tick_ + 1),
                        "set_parameter() to change its live parameters, or retire() it first");
  }
  // Its own parameters, then the switch: all checked together, then kept.
  // It is made as the next tick begins, afresh (even when it was on until
  // now: retire() then adopt() makes it again), and reads them then.
  std::vector<std::pair<std::string, std::string>> changes;
  for (const Override& o : parameters) {
    const std::string key = o.key.starts_with(mechanism + ".") ? o.key : mechanism + "." + o.key;
    if (find_parameter(key) == nullptr) {
      throw ScenarioError(place, key, o.value, "unknown key",
                          fmt::format("a parameter of [{}] (`panopticon params --mechanism {} "
                                      "--markdown`)",
                                      mechanism, mechanism));
    }
    if (key == mechanism + ".enabled" || key == mechanism + ".start_tick" ||
        key == mechanism + ".end_tick") {
      throw ScenarioError(place, key, o.value, "set by adopt() itself",
                          "the mechanism's other parameters");
    }
    changes.emplace_back(key, o.value);
  }
  changes.emplace_back(mechanism + ".enabled", "true");
  changes.emplace_back(mechanism + ".start_tick", std::to_string(tick_ + 1));
  changes.emplace_back(mechanism + ".end_tick", "inf");
  ParamValues now = live_.values_at(tick_ + 1);
  std::vector<ParamValue> values;
  for (const auto& [key, value] : changes) {
    const SourcePlace at{fmt::format("adopt({}): {}={}", mechanism, key, value), 0, 0};
    values.push_back(parse_parameter_value(key, value, at));
    now.values[key] = values.back();
    now.places[key] = at;
  }
  resolve_scenario(std::move(now), scenario_.source);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    live_.add(ParameterChange{tick_ + 1, changes[i].first, changes[i].second}, values[i]);
  }
}

void Engine::retire(const std::string& mechanism) {
  const SourcePlace place{"retire(" + mechanism + ")", 0, 0};
  if (find_mechanism(mechanism) == nullptr) {
    throw ScenarioError(place, "", mechanism, "unknown mechanism", mechanism_suggestion(mechanism));
  }
  if (!compliance_) no_layer(place);
  const LiveParameters::Window window = live_.window(mechanism);
  if (!window.active_at(tick_ + 1)) {
    throw ScenarioError(place, mechanism + ".enabled", "",
                        fmt::format("{} is not on at tick {}", mechanism, tick_ + 1),
                        "a mechanism that is on (Model::active_mechanisms)");
  }
  // One that would be made as the next tick begins is not made; one on
  // now acts no more from it.
  if (window.made_at(tick_ + 1)) {
    change(mechanism + ".enabled", "false", place);
  } else {
    change(mechanism + ".end_tick", std::to_string(tick_), place);
  }
}

void Engine::set_parameter(const std::string& key, const std::string& value) {
  const SourcePlace place{fmt::format("set_parameter({}={})", key, value), 0, 0};
  const ParamSpec* spec = find_parameter(key);
  if (spec == nullptr) {
    throw ScenarioError(place, key, value, "unknown key",
                        "a parameter listed by `panopticon params`");
  }
  const MechanismInfo* owner = find_mechanism(key.substr(0, key.find('.')));
  if (owner != nullptr && !compliance_) no_layer(place);
  if (!spec->live) {
    // A mechanism reads the rest of its parameters when it is made: they
    // may change while it is off, or to take effect as it is made.
    const std::string why = live_.refusal(key, tick_ + 1);
    if (!why.empty()) {
      throw ScenarioError(
          place, key, value, why,
          owner == nullptr
              ? "a parameter marked live in `panopticon params`"
              : fmt::format("a live parameter, or retire {} and adopt it again", owner->name));
    }
  }
  change(key, value, place);
}

}  // namespace panopticon
