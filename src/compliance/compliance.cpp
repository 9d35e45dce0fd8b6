#include "panopticon/compliance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace panopticon {

namespace {

// What one tick adds up to, from one pass over the citizens and the tick's
// confinements and events; every column of the layer is a function of it.
struct Tally {
  std::array<std::uint64_t, 5> by_state{};  // QUIET, DISSENT, ACTIVE, JAILED, DETAINED
  std::uint64_t private_dissent = 0;
  std::uint64_t falsifiers = 0;
  double citizens = 1.0;  // at least 1, for shares
  double legitimacy = 0.0;
  double sum_legitimacy = 0.0;
  double sum_hardship = 0.0;
  double sum_sanction = 0.0;
  std::uint64_t blacklisted = 0;
  std::uint64_t recorded_agents = 0;
  std::uint64_t cops = 0;
  std::uint64_t arrests = 0;
  std::uint64_t wrongful_arrests = 0;
  std::uint64_t innocent_arrests = 0;
  std::uint64_t detentions = 0;
  std::uint64_t wrongful_detentions = 0;
  std::uint64_t innocent_detentions = 0;
  std::uint64_t minority_wrongful = 0;
  std::uint64_t events = 0;
  std::uint64_t misattributed = 0;
  std::uint64_t activations = 0;
  OffenceTally offences;                     // this tick's (Crime)
  std::uint64_t watched_citizens = 0;        // at liberty on a cell a spatial channel watches
  std::array<std::uint64_t, 2> sanctions{};  // after a record, seen: DISSENT, ACTIVE
  std::array<double, 2> sum_perceived{};     // over citizens at liberty: DISSENT, ACTIVE
  double cost_cop = 0.0;  // [costs], per tick: a cop on duty, a citizen in jail, one detained
  double cost_jail = 0.0;
  double cost_detention = 0.0;
  std::vector<double> mechanism_costs;  // the mechanisms' `_cost` results this tick, in order

  double state(AgentState s) const { return static_cast<double>(by_state[static_cast<int>(s)]); }
  double at_liberty() const {
    return state(AgentState::kQuiet) + state(AgentState::kDissent) + state(AgentState::kActive);
  }
};

// One column of the layer's results: what it is, and how a tick's tally
// gives its value. The one list of the layer's columns; columns() and the
// row written every tick both come from it.
struct LayerColumn {
  OutputColumn column;
  double (*value)(const Tally&);
  bool after_mechanisms = false;  // needs the mechanisms' results of the tick
};

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

const std::vector<LayerColumn>& layer_column_list() {
  using R = Reduce;
  using T = const Tally&;
  static const std::vector<LayerColumn> list = {
      {{"quiet", "citizens", "citizens at liberty, QUIET, at the end of the tick", R::kMean},
       [](T t) { return t.state(AgentState::kQuiet); }},
      {{"dissent", "citizens", "citizens at liberty expressing DISSENT", R::kMean},
       [](T t) { return t.state(AgentState::kDissent); }},
      {{"active", "citizens", "citizens in open rebellion (ACTIVE)", R::kMean},
       [](T t) { return t.state(AgentState::kActive); }},
      {{"jailed", "citizens", "citizens in jail after an arrest by a cop", R::kMean},
       [](T t) { return t.state(AgentState::kJailed); }},
      {{"detained", "citizens", "citizens in detention sent by the platform (ijop)", R::kMean},
       [](T t) { return t.state(AgentState::kDetained); }},
      {{"cops", "cops", "cops on duty", R::kMean}, [](T t) { return count(t.cops); }},
      {{"arrests", "arrests", "arrests by cops during the tick (rule C and warrants)", R::kSum},
       [](T t) { return count(t.arrests); }},
      {{"activations", "citizens",
        "citizens who turned ACTIVE this tick (decided ACTIVE after a tick not ACTIVE), counted "
        "even when arrested in the same tick",
        R::kSum},
       [](T t) { return count(t.activations); }},
      {{"sanctions_dissent", "sanctions",
        "sanctions after a record that punish DISSENT (detentions, listings, withheld "
        "benefits of citizens not ACTIVE): what learned perception learns from",
        R::kSum},
       [](T t) { return count(t.sanctions[0]); }},
      {{"sanctions_active", "sanctions",
        "sanctions after a record that punish ACTIVE (warrant arrests, and detentions, listings "
        "and withheld benefits of ACTIVE citizens); arrests on the spot are not among them",
        R::kSum},
       [](T t) { return count(t.sanctions[1]); }},
      {{"perceived_dissent_risk", "",
        "mean over citizens at liberty of the perceived chance of a sanction for DISSENT where "
        "they stand (perception.mode)",
        R::kMean},
       [](T t) { return t.at_liberty() > 0 ? t.sum_perceived[0] / t.at_liberty() : 0.0; }},
      {{"perceived_active_risk", "",
        "mean over citizens at liberty of the perceived chance of a sanction for ACTIVE beyond "
        "Epstein's arrest risk, where they stand (s)",
        R::kMean},
       [](T t) { return t.at_liberty() > 0 ? t.sum_perceived[1] / t.at_liberty() : 0.0; }},
      {{"offences", "offences",
        "ordinary offences committed by citizens at liberty during the tick (crime.rate)", R::kSum},
       [](T t) { return count(t.offences.offences); }},
      {{"detected_offences", "offences",
        "offences detected (by the base chance, a cop in sight or a camera on the cell)", R::kSum},
       [](T t) { return count(t.offences.detected); }},
      {{"watched_offences", "offences",
        "offences committed on cells a camera watches (a spatial recording channel)", R::kSum},
       [](T t) { return count(t.offences.watched_offences); }},
      {{"watched_citizens", "citizens", "citizens at liberty on cells a camera watches", R::kMean},
       [](T t) { return count(t.watched_citizens); }},
      {{"legitimacy", "", "the scenario's legitimacy L(t)", R::kMean},
       [](T t) { return t.legitimacy; }},
      {{"mean_legitimacy", "", "mean perceived legitimacy L_i over citizens", R::kMean},
       [](T t) { return t.sum_legitimacy / t.citizens; }},
      {{"mean_hardship", "", "mean effective hardship H over citizens", R::kMean},
       [](T t) { return t.sum_hardship / t.citizens; }},
      {{"private_dissent", "citizens",
        "citizens who decided this tick with a grievance above the dissent threshold (G > T_d, "
        "the G they decided on): would speak out if speaking were free",
        R::kMean},
       [](T t) { return count(t.private_dissent); }},
      {{"falsification_gap", "share",
        "private dissenters who decided to stay QUIET, as a share of private dissenters (0 when "
        "there are none)",
        R::kMean},
       [](T t) {
         return t.private_dissent == 0 ? 0.0 : count(t.falsifiers) / count(t.private_dissent);
       }},
      {{"expressed_dissent", "share",
        "citizens at liberty in DISSENT or ACTIVE, as a share of citizens at liberty", R::kMean},
       [](T t) {
         const double free = t.at_liberty();
         return free == 0.0 ? 0.0
                            : (t.state(AgentState::kDissent) + t.state(AgentState::kActive)) / free;
       }},
      {{"exposure", "share",
        "citizens with at least one observation event this tick, as a share of all citizens",
        R::kMean},
       [](T t) { return count(t.recorded_agents) / t.citizens; }},
      {{"events", "events", "observation events recorded during the tick, all channels", R::kSum},
       [](T t) { return count(t.events); }},
      {{"misattributed_events", "events",
        "events attributed to an agent that did not do what they record", R::kSum},
       [](T t) { return count(t.misattributed); }},
      {{"wrongful_arrests", "arrests", "arrests of citizens that were never ACTIVE", R::kSum},
       [](T t) { return count(t.wrongful_arrests); }},
      {{"innocent_arrests", "arrests", "arrests of citizens that were never ACTIVE nor DISSENT",
        R::kSum},
       [](T t) { return count(t.innocent_arrests); }},
      {{"detentions", "detentions", "detentions during the tick", R::kSum},
       [](T t) { return count(t.detentions); }},
      {{"wrongful_detentions", "detentions", "detentions of citizens that were never ACTIVE",
        R::kSum},
       [](T t) { return count(t.wrongful_detentions); }},
      {{"innocent_detentions", "detentions",
        "detentions of citizens that were never ACTIVE nor DISSENT", R::kSum},
       [](T t) { return count(t.innocent_detentions); }},
      {{"minority_wrongful_detentions", "detentions",
        "wrongful detentions (never ACTIVE) of minority citizens", R::kSum},
       [](T t) { return count(t.minority_wrongful); }},
      {{"confined", "citizens", "citizens jailed or detained (person-ticks when summed)", R::kMean},
       [](T t) { return t.state(AgentState::kJailed) + t.state(AgentState::kDetained); }},
      {{"blacklisted_share", "share", "citizens on the social credit blacklist", R::kMean},
       [](T t) { return count(t.blacklisted) / t.citizens; }},
      {{"sanction_hardship", "",
        "mean hardship that sanctions (blacklists, shutdowns) add per citizen, as nominal "
        "amounts (before H is clamped to 1)",
        R::kMean},
       [](T t) { return t.sum_sanction / t.citizens; }},
      {{"cost_cops", "US$", "cops on duty x costs.cop / model.ticks_per_year", R::kSum},
       [](T t) { return count(t.cops) * t.cost_cop; }},
      {{"cost_jail", "US$", "citizens in jail x costs.jail / model.ticks_per_year", R::kSum},
       [](T t) { return t.state(AgentState::kJailed) * t.cost_jail; }},
      {{"cost_detention", "US$", "citizens in detention x costs.detention / model.ticks_per_year",
        R::kSum},
       [](T t) { return t.state(AgentState::kDetained) * t.cost_detention; }},
      {{"cost_total", "US$",
        "all costs of the tick: cops, jail, detention and every mechanism's `_cost`", R::kSum},
       [](T t) {
         double total = count(t.cops) * t.cost_cop + t.state(AgentState::kJailed) * t.cost_jail +
                        t.state(AgentState::kDetained) * t.cost_detention;
         for (const double c : t.mechanism_costs) total += c;
         return total;
       },
       true},
  };
  return list;
}

}  // namespace

std::span<const OutputColumn> Compliance::layer_columns() {
  static const std::vector<OutputColumn> columns = [] {
    std::vector<OutputColumn> out;
    for (const LayerColumn& c : layer_column_list()) out.push_back(c.column);
    return out;
  }();
  return columns;
}

std::vector<OutputColumn> Compliance::columns() {
  std::vector<OutputColumn> out(layer_columns().begin(), layer_columns().end());
  for (const MechanismInfo& m : mechanism_registry()) {
    out.insert(out.end(), m.results.begin(), m.results.end());
  }
  return out;
}

bool Compliance::wanted(const Scenario& scenario) {
  if (scenario.compliance_forced || scenario.params.get_bool("dissent.enabled")) return true;
  return std::ranges::any_of(mechanism_registry(), [&](const MechanismInfo& m) {
    return scenario.params.get_bool(m.name + ".enabled");
  });
}

Compliance::Compliance(const Scenario& scenario, const LiveParameters& live, const Torus& torus,
                       const Neighbourhood& vision, const RandomStreams& streams,
                       std::uint32_t citizens, const ResultsTable& results, EngineAccess& engine,
                       std::int64_t tick)
    : society_(scenario, live, torus, vision, streams, citizens),
      perception_(society_),
      crime_(society_),
      results_(results),
      cost_cop_(live.number("costs.cop")),
      cost_jail_(live.number("costs.jail")),
      cost_detention_(live.number("costs.detention")),
      hardship_shift_(live.number("dissent.hardship_shift")),
      shift_keep_(1.0F - static_cast<float>(scenario.params.get_float("dissent.shift_decay"))) {
  for (const LayerColumn& c : layer_column_list())
    layer_slots_.push_back(results.slot(c.column.name));
  for (const MechanismInfo& m : mechanism_registry()) {
    for (const OutputColumn& r : m.results) {
      if (r.name.ends_with("_cost")) cost_slots_.push_back(results.slot(r.name));
    }
  }
  for (const MechanismInfo& m : mechanism_registry()) windows_.push_back(live.window(m.name));
  engine.export_traits(society_.hardship0.span(), society_.risk0.span());
  snapshot(engine);
  std::copy(society_.cell.begin(), society_.cell.end(), society_.home.begin());
  society_.tick = tick;
  society_.legitimacy = live.number("legitimacy.initial").at(tick);
  society_.hardship_shift = static_cast<float>(hardship_shift_.at(tick));
  switch_mechanisms(tick, engine);
}

void Compliance::begin_tick(std::int64_t tick, double legitimacy, EngineAccess& engine) {
  society_.tick = tick;
  society_.legitimacy = legitimacy;
  society_.hardship_shift = static_cast<float>(hardship_shift_.at(tick));
  society_.confinements.clear();
  society_.events.clear();
  society_.sanctions.clear();
  society_.public_sightings.clear();
  society_.contacts_on_record = 0.0;
  society_.decision.fill(0);
  switch_mechanisms(tick, engine);
  for (Active& a : active_) a.mechanism->tune(society_, engine);
  update_perception();
}

void Compliance::switch_mechanisms(std::int64_t tick, EngineAccess& engine) {
  const auto& registry = mechanism_registry();
  auto window_of = [&](const MechanismInfo* m) -> const LiveParameters::Window& {
    return windows_[static_cast<std::size_t>(m - registry.data())];
  };
  bool changed = false;
  // Stopped: those whose window closed, and those made again as this tick
  // begins (adopted again right after being retired).
  for (std::size_t i = active_.size(); i-- > 0;) {
    const LiveParameters::Window& w = window_of(active_[i].info);
    if (!w.active_at(tick) || w.made_at(tick)) {
      retire(i, engine);
      changed = true;
    }
  }
  for (const MechanismInfo& m : registry) {
    if (!window_of(&m).active_at(tick)) continue;
    const bool on = std::ranges::any_of(active_, [&m](const Active& a) { return a.info == &m; });
    if (!on) {
      adopt(m, engine);
      changed = true;
    }
  }
  if (changed) list_phases();
}

void Compliance::adopt(const MechanismInfo& info, EngineAccess& engine) {
  for (const ColumnSpec& c : info.columns) society_.columns.add(c, info.order);
  if (info.needs_network) society_.build_network();
  const MechanismContext context{
      info, society_, engine, results_, society_.streams.named(info.name), society_.tick};
  Active a{&info, info.create(context)};
  a.mechanism->tune(society_, engine);
  // In registry order, so that mechanisms act in it whenever they came.
  const auto at = std::ranges::find_if(
      active_, [&info](const Active& other) { return other.info->order > info.order; });
  active_.insert(at, std::move(a));
}

void Compliance::retire(std::size_t active_index, EngineAccess& engine) {
  Active& a = active_[active_index];
  a.mechanism->stop(society_, engine);
  for (const ColumnSpec& c : a.info->columns) society_.columns.remove(c.name);
  active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(active_index));
}

void Compliance::list_phases() {
  for (std::size_t p = 0; p < kPhases.size(); ++p) {
    by_phase_[p].clear();
    for (Active& a : active_) {
      if ((a.info->phases & kPhases[p]) != 0) by_phase_[p].push_back(a.mechanism.get());
    }
  }
  society_.on_confinement.clear();
  for (Active& a : active_) {
    if ((a.info->phases & kConfinement) != 0) society_.on_confinement.push_back(a.mechanism.get());
  }
}

std::vector<std::string> Compliance::active_mechanisms() const {
  std::vector<std::string> out;
  out.reserve(active_.size());
  for (const Active& a : active_) out.push_back(a.info->name);
  return out;
}

void Compliance::update_perception() {
  society_.watch = 0.0F;
  for (Mechanism* m : by_phase_[0]) m->perceive(society_);
  society_.refresh_links_on_record();
}

void Compliance::note_arrest(std::uint32_t id, CellIndex cell) {
  society_.confine(id, cell, false);
}

void Compliance::snapshot(const EngineAccess& engine) {
  Society& s = society_;
  confined_scratch_.assign(s.citizens, 0);
  engine.export_citizens(s.cell.span(), confined_scratch_);
  s.cell_citizen.fill(kNobody);
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    if (confined_scratch_[id] != 0) {
      // Confined by the engine without a note (a checkpoint): keep the record.
      if (s.at_liberty(id)) s.state[id] = AgentState::kJailed;
      continue;
    }
    if (!s.at_liberty(id)) s.state[id] = AgentState::kQuiet;  // released this tick
    if (s.cell_citizen[s.cell[id]] == kNobody) s.cell_citizen[s.cell[id]] = id;
  }
  s.cop_cells.clear();
  engine.export_cops(s.cop_cells);
}

void Compliance::count_falsification() {
  const Society& s = society_;
  private_dissent_ = 0;
  falsifiers_ = 0;
  constexpr auto kDecidedQuiet = static_cast<std::uint8_t>(1U);  // 1 + kQuiet
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    if (s.decision[id] == 0 || !(s.grievance(id) > s.dissent_threshold)) continue;
    ++private_dissent_;
    falsifiers_ += s.decision[id] == kDecidedQuiet ? 1U : 0U;
  }
}

void Compliance::end_tick(EngineAccess& engine) {
  Society& s = society_;
  snapshot(engine);
  count_falsification();
  crime_.commit(s);
  for (Mechanism* m : by_phase_[1]) m->enforce(s, engine);

  s.recorded.fill(0);
  s.recorded_agents = 0;
  for (const Confinement& c : s.confinements) {
    if (c.detention) continue;
    s.record(ObservationEvent{c.agent, static_cast<std::int32_t>(s.tick), AgentState::kActive,
                              Channel::kPolicing, (s.history[c.agent] & kEverActive) == 0, 0});
  }
  for (Mechanism* m : by_phase_[2]) m->observe(s);
  for (Mechanism* m : by_phase_[3]) m->score(s);

  s.hardship_delta.fill(0.0F);
  s.sanction_hardship.fill(0.0F);
  s.legitimacy_now.fill(0.0F);
  // Lasting shifts fade (dissent.shift_decay): no narrative or backlash
  // moves legitimacy for ever.
  if (shift_keep_ < 1.0F) {
    for (float& shift : s.legitimacy_shift) shift *= shift_keep_;
  }
  for (Mechanism* m : by_phase_[4]) m->sanction(s);
  // What citizens saw of it all. With no mechanism on nothing is sanctioned
  // after a record and no prior is above 0, so the beliefs stay 0.
  if (s.learned_perception && !active_.empty()) perception_.learn(s);
}

void Compliance::record(const ResultRow& row) {
  const Society& s = society_;
  Tally t;
  t.private_dissent = private_dissent_;
  t.falsifiers = falsifiers_;
  double max_grievance = 0.0;
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    const AgentState b = s.state[id];
    ++t.by_state[static_cast<std::size_t>(b)];
    const float h = s.hardship(id);
    const double l = s.legitimacy_of(id);
    // The grievance as Society::grievance() computes it.
    if (s.at_liberty(id)) {
      max_grievance = std::max(max_grievance, static_cast<double>(h) * (1.0 - l));
    }
    t.blacklisted += s.blacklisted[id];
    t.activations += (s.decision[id] & kTurnedActive) != 0 ? 1U : 0U;
    if (s.at_liberty(id)) {
      const CellIndex c = s.cell[id];
      const double seen = s.recording_chance(c);
      t.watched_citizens += s.cell_watch[c] > 0.0F ? 1U : 0U;
      t.sum_perceived[0] += s.perceived(id, SanctionKind::kDissent, s.sanction_weight * seen);
      t.sum_perceived[1] += s.perceived(id, SanctionKind::kActive, s.cell_chill[c]);
    }
    t.sum_legitimacy += l;
    t.sum_hardship += h;
    t.sum_sanction += s.sanction_hardship[id];
  }
  for (const Confinement& c : s.confinements) {
    const bool wrongful = (s.history[c.agent] & kEverActive) == 0;
    const bool innocent = s.history[c.agent] == 0;
    if (c.detention) {
      ++t.detentions;
      t.wrongful_detentions += wrongful ? 1U : 0U;
      t.innocent_detentions += innocent ? 1U : 0U;
      t.minority_wrongful += (wrongful && s.group[c.agent] != 0) ? 1U : 0U;
    } else {
      ++t.arrests;
      t.wrongful_arrests += wrongful ? 1U : 0U;
      t.innocent_arrests += innocent ? 1U : 0U;
    }
  }
  for (const ObservationEvent& e : s.events) t.misattributed += e.misattributed ? 1U : 0U;
  for (const Sanction& k : s.sanctions) ++t.sanctions[k.kind == SanctionKind::kActive ? 1 : 0];
  t.events = s.events.size();
  t.offences = crime_.tally();
  t.recorded_agents = s.recorded_agents;
  t.cops = s.cop_cells.size();
  t.citizens = std::max<double>(1.0, s.citizens);
  t.legitimacy = s.legitimacy;
  t.cost_cop = cost_cop_.at(s.tick) / s.ticks_per_year;
  t.cost_jail = cost_jail_.at(s.tick) / s.ticks_per_year;
  t.cost_detention = cost_detention_.at(s.tick) / s.ticks_per_year;

  society_.max_grievance = max_grievance;
  society_.active_count = t.by_state[static_cast<std::size_t>(AgentState::kActive)];
  dissenting_ = t.by_state[static_cast<std::size_t>(AgentState::kDissent)];
  detained_ = t.by_state[static_cast<std::size_t>(AgentState::kDetained)];

  const auto& list = layer_column_list();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].after_mechanisms) row.set(layer_slots_[i], list[i].value(t));
  }
  for (const Active& a : active_) a.mechanism->record(s, row);
  for (const ResultSlot slot : cost_slots_) t.mechanism_costs.push_back(row.get(slot));
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].after_mechanisms) row.set(layer_slots_[i], list[i].value(t));
  }
}

void Compliance::walk_state(StateArchive& archive) {
  // Which mechanisms are on: those active at the checkpoint's tick, made by
  // the constructor; a checkpoint that names others belongs elsewhere.
  std::uint64_t n = active_.size();
  archive.value("the number of mechanisms on", n);
  archive.require(n == active_.size(),
                  fmt::format("holds {} mechanisms on where this run has {}", n, active_.size()));
  for (Active& a : active_) {
    std::string name = a.info->name;
    archive.text("a mechanism's name", name);
    archive.require(name == a.info->name,
                    fmt::format("holds the mechanism {} on where this run has {}",
                                name.substr(0, 64), a.info->name));
  }
  society_.columns.walk_state(archive);
  archive.value("the greatest grievance", society_.max_grievance);
  archive.require(society_.max_grievance >= 0.0 && society_.max_grievance <= 1.0,
                  "holds an impossible grievance");
  for (Active& a : active_) a.mechanism->walk_state(archive);
  if (archive.loading()) restore_derived();
}

// What follows from the loaded columns: the counts. Perception is not
// recomputed here: the next begin_tick() does it, as it would have in the
// run that wrote the checkpoint.
void Compliance::restore_derived() {
  Society& s = society_;
  dissenting_ = static_cast<std::uint64_t>(std::ranges::count(s.state, AgentState::kDissent));
  s.active_count = static_cast<std::uint64_t>(std::ranges::count(s.state, AgentState::kActive));
  detained_ = static_cast<std::uint64_t>(std::ranges::count(s.state, AgentState::kDetained));
}

}  // namespace panopticon
