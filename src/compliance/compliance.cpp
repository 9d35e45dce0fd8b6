#include "panopticon/compliance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace panopticon {

namespace {

enum LayerColumn : std::size_t {
  kQuietCol,
  kDissentCol,
  kActiveCol,
  kJailedCol,
  kDetainedCol,
  kCopsCol,
  kArrestsCol,
  kLegitimacyCol,
  kMeanLegitimacyCol,
  kMeanHardshipCol,
  kPrivateDissentCol,
  kFalsificationGapCol,
  kExpressedDissentCol,
  kExposureCol,
  kEventsCol,
  kMisattributedCol,
  kWrongfulArrestsCol,
  kInnocentArrestsCol,
  kDetentionsCol,
  kWrongfulDetentionsCol,
  kInnocentDetentionsCol,
  kMinorityWrongfulDetentionsCol,
  kConfinedCol,
  kBlacklistedShareCol,
  kSanctionHardshipCol,
  kCostCopsCol,
  kCostJailCol,
  kCostDetentionCol,
  kCostTotalCol,
  kLayerColumns
};

std::vector<OutputColumn> make_layer_columns() {
  using R = Reduce;
  return {
      {"quiet", "citizens", "citizens at liberty, QUIET, at the end of the tick", R::kMean},
      {"dissent", "citizens", "citizens at liberty expressing DISSENT", R::kMean},
      {"active", "citizens", "citizens in open rebellion (ACTIVE)", R::kMean},
      {"jailed", "citizens", "citizens in jail after an arrest by a cop", R::kMean},
      {"detained", "citizens", "citizens in detention sent by the platform (ijop)", R::kMean},
      {"cops", "cops", "cops on duty", R::kMean},
      {"arrests", "arrests", "arrests by cops during the tick (rule C and warrants)", R::kSum},
      {"legitimacy", "", "the scenario's legitimacy L(t)", R::kMean},
      {"mean_legitimacy", "", "mean perceived legitimacy L_i over citizens", R::kMean},
      {"mean_hardship", "", "mean effective hardship H over citizens", R::kMean},
      {"private_dissent", "citizens",
       "citizens who decided this tick with a grievance above the dissent threshold (G > T_d, "
       "the G they decided on): would speak out if speaking were free",
       R::kMean},
      {"falsification_gap", "share",
       "private dissenters who decided to stay QUIET, as a share of private dissenters (0 when "
       "there are none)",
       R::kMean},
      {"expressed_dissent", "share",
       "citizens at liberty in DISSENT or ACTIVE, as a share of citizens at liberty", R::kMean},
      {"exposure", "share",
       "citizens with at least one observation event this tick, as a share "
       "of all citizens",
       R::kMean},
      {"events", "events", "observation events recorded during the tick, all channels", R::kSum},
      {"misattributed_events", "events",
       "events attributed to an agent that did not do what they record", R::kSum},
      {"wrongful_arrests", "arrests", "arrests of citizens that were never ACTIVE", R::kSum},
      {"innocent_arrests", "arrests", "arrests of citizens that were never ACTIVE nor DISSENT",
       R::kSum},
      {"detentions", "detentions", "detentions during the tick", R::kSum},
      {"wrongful_detentions", "detentions", "detentions of citizens that were never ACTIVE",
       R::kSum},
      {"innocent_detentions", "detentions",
       "detentions of citizens that were never ACTIVE nor DISSENT", R::kSum},
      {"minority_wrongful_detentions", "detentions",
       "wrongful detentions (never ACTIVE) of minority citizens", R::kSum},
      {"confined", "citizens", "citizens jailed or detained (person-ticks when summed)", R::kMean},
      {"blacklisted_share", "share", "citizens on the social credit blacklist", R::kMean},
      {"sanction_hardship", "",
       "mean hardship that sanctions (blacklists, shutdowns) add per citizen, as nominal "
       "amounts (before H is clamped to 1)",
       R::kMean},
      {"cost_cops", "cost units", "cops on duty x costs.cop", R::kSum},
      {"cost_jail", "cost units", "citizens in jail x costs.jail", R::kSum},
      {"cost_detention", "cost units", "citizens in detention x costs.detention", R::kSum},
      {"cost_total", "cost units",
       "all costs of the tick: cops, jail, detention and every mechanism's `_cost`", R::kSum},
  };
}

}  // namespace

std::span<const OutputColumn> Compliance::layer_columns() {
  static const std::vector<OutputColumn> columns = make_layer_columns();
  return columns;
}

namespace {
// The mechanisms' `_cost` results, which cost_total adds up.
const std::vector<std::size_t>& cost_columns() {
  static const std::vector<std::size_t> columns = [] {
    std::vector<std::size_t> out;
    const std::vector<OutputColumn> all = Compliance::columns();
    for (std::size_t i = kLayerColumns; i < all.size(); ++i) {
      if (all[i].name.ends_with("_cost")) out.push_back(i);
    }
    return out;
  }();
  return columns;
}
}  // namespace

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

std::unique_ptr<Compliance> Compliance::start(const Scenario& scenario, const Torus& torus,
                                              const Neighbourhood& vision,
                                              const RandomStreams& streams, std::uint32_t citizens,
                                              const EngineAccess& engine) {
  if (!wanted(scenario)) return nullptr;
  return std::make_unique<Compliance>(scenario, torus, vision, streams, citizens, engine);
}

Compliance::Compliance(const Scenario& scenario, const Torus& torus, const Neighbourhood& vision,
                       const RandomStreams& streams, std::uint32_t citizens,
                       const EngineAccess& engine)
    : society_(scenario, torus, vision, streams, citizens),
      cost_cop_(scenario.params.get_float("costs.cop")),
      cost_jail_(scenario.params.get_float("costs.jail")),
      cost_detention_(scenario.params.get_float("costs.detention")) {
  engine.export_traits(society_.hardship0, society_.risk0);
  snapshot(engine);
  society_.home = society_.cell;
  society_.legitimacy = scenario.legitimacy.value_at(0);
  bool network = false;
  std::size_t column = kLayerColumns;
  for (const MechanismInfo& m : mechanism_registry()) {
    if (scenario.params.get_bool(m.name + ".enabled")) {
      network = network || m.needs_network;
      active_.push_back(Active{&m, nullptr, column});
    }
    column += m.results.size();
  }
  width_ = column;
  if (network) {
    society_.network = SocialNetwork(
        citizens, static_cast<std::uint32_t>(scenario.params.get_int("network.degree")),
        scenario.params.get_float("network.rewire"), streams, kLayerStream);
  }
  // Mechanisms are created after the network, which some read at creation.
  for (Active& a : active_) a.mechanism = a.info->create(scenario, society_, *a.info);
  update_perception();
  record_row();
}

void Compliance::begin_tick(std::int64_t tick, double legitimacy) {
  society_.tick = tick;
  society_.legitimacy = legitimacy;
  society_.confinements.clear();
  society_.events.clear();
  std::fill(society_.decision.begin(), society_.decision.end(), 0);
  update_perception();
}

void Compliance::update_perception() {
  society_.watch = 0.0F;
  for (Active& a : active_) a.mechanism->perceive(society_);
}

void Compliance::note_arrest(std::uint32_t id, CellIndex cell) {
  society_.confine(id, cell, false);
}

void Compliance::snapshot(const EngineAccess& engine) {
  Society& s = society_;
  confined_scratch_.assign(s.citizens, 0);
  engine.export_citizens(s.cell, confined_scratch_);
  std::fill(s.cell_citizen.begin(), s.cell_citizen.end(), kNobody);
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    if (confined_scratch_[id] != 0) {
      // Confined by the engine without a note (a checkpoint): keep the record.
      if (s.at_liberty(id)) s.state[id] = Behaviour::kJailed;
      continue;
    }
    if (!s.at_liberty(id)) s.state[id] = Behaviour::kQuiet;  // released this tick
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
  for (Active& a : active_) a.mechanism->enforce(s, engine);

  std::fill(s.recorded.begin(), s.recorded.end(), 0);
  s.recorded_agents = 0;
  for (const Confinement& c : s.confinements) {
    if (c.detention) continue;
    s.record(ObservationEvent{c.agent, static_cast<std::int32_t>(s.tick), Behaviour::kActive,
                              Channel::kPolicing, (s.history[c.agent] & kEverActive) == 0, 0});
  }
  for (Active& a : active_) a.mechanism->observe(s);
  for (Active& a : active_) a.mechanism->score(s);
  std::fill(s.credit_bonus.begin(), s.credit_bonus.end(), 0.0F);  // spent or unused

  std::fill(s.hardship_delta.begin(), s.hardship_delta.end(), 0.0F);
  std::fill(s.sanction_hardship.begin(), s.sanction_hardship.end(), 0.0F);
  std::fill(s.legitimacy_now.begin(), s.legitimacy_now.end(), 0.0F);
  for (Active& a : active_) a.mechanism->sanction(s);
  record_row();
}

std::span<const double> Compliance::row(std::int64_t tick) const {
  if (tick < 0 || static_cast<std::size_t>(tick) >= rows_) {
    throw std::out_of_range("Compliance::row: no such tick");
  }
  return {table_.data() + static_cast<std::size_t>(tick) * width_, width_};
}

void Compliance::record_row() {
  const Society& s = society_;
  table_.resize(table_.size() + width_, 0.0);
  std::span<double> row(table_.data() + rows_ * width_, width_);
  ++rows_;
  std::array<std::uint64_t, 5> by_state{};
  const std::uint64_t private_dissent = private_dissent_;
  const std::uint64_t falsifiers = falsifiers_;
  double max_grievance = 0.0;
  std::uint64_t blacklisted = 0;
  double legitimacy = 0.0;
  double hardship = 0.0;
  double sanction = 0.0;
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    const Behaviour b = s.state[id];
    ++by_state[static_cast<std::size_t>(b)];
    const float h = s.hardship(id);
    const double l = s.legitimacy_of(id);
    // The grievance as Society::grievance() computes it.
    if (s.at_liberty(id))
      max_grievance = std::max(max_grievance, static_cast<double>(h) * (1.0 - l));
    blacklisted += s.blacklisted[id];
    legitimacy += l;
    hardship += h;
    sanction += s.sanction_hardship[id];
  }
  std::uint64_t arrests = 0;
  std::uint64_t wrongful_arrests = 0;
  std::uint64_t innocent_arrests = 0;
  std::uint64_t detentions = 0;
  std::uint64_t wrongful_detentions = 0;
  std::uint64_t innocent_detentions = 0;
  std::uint64_t minority_wrongful = 0;
  for (const Confinement& c : s.confinements) {
    const bool wrongful = (s.history[c.agent] & kEverActive) == 0;
    const bool innocent = s.history[c.agent] == 0;
    if (c.detention) {
      ++detentions;
      wrongful_detentions += wrongful ? 1U : 0U;
      innocent_detentions += innocent ? 1U : 0U;
      minority_wrongful += (wrongful && s.group[c.agent] != 0) ? 1U : 0U;
    } else {
      ++arrests;
      wrongful_arrests += wrongful ? 1U : 0U;
      innocent_arrests += innocent ? 1U : 0U;
    }
  }
  std::uint64_t misattributed = 0;
  for (const ObservationEvent& e : s.events) misattributed += e.misattributed ? 1U : 0U;

  const double n = std::max<double>(1.0, s.citizens);
  const auto free = static_cast<double>(by_state[0] + by_state[1] + by_state[2]);
  society_.max_grievance = max_grievance;
  society_.active_count = by_state[static_cast<std::size_t>(Behaviour::kActive)];
  dissenting_ = by_state[1];
  detained_ = by_state[4];
  row[kQuietCol] = static_cast<double>(by_state[0]);
  row[kDissentCol] = static_cast<double>(by_state[1]);
  row[kActiveCol] = static_cast<double>(by_state[2]);
  row[kJailedCol] = static_cast<double>(by_state[3]);
  row[kDetainedCol] = static_cast<double>(by_state[4]);
  row[kCopsCol] = static_cast<double>(s.cop_cells.size());
  row[kArrestsCol] = static_cast<double>(arrests);
  row[kLegitimacyCol] = s.legitimacy;
  row[kMeanLegitimacyCol] = legitimacy / n;
  row[kMeanHardshipCol] = hardship / n;
  row[kPrivateDissentCol] = static_cast<double>(private_dissent);
  row[kFalsificationGapCol] =
      private_dissent == 0 ? 0.0
                           : static_cast<double>(falsifiers) / static_cast<double>(private_dissent);
  row[kExpressedDissentCol] =
      free == 0.0 ? 0.0 : static_cast<double>(by_state[1] + by_state[2]) / free;
  row[kExposureCol] = static_cast<double>(s.recorded_agents) / n;
  row[kEventsCol] = static_cast<double>(s.events.size());
  row[kMisattributedCol] = static_cast<double>(misattributed);
  row[kWrongfulArrestsCol] = static_cast<double>(wrongful_arrests);
  row[kInnocentArrestsCol] = static_cast<double>(innocent_arrests);
  row[kDetentionsCol] = static_cast<double>(detentions);
  row[kWrongfulDetentionsCol] = static_cast<double>(wrongful_detentions);
  row[kInnocentDetentionsCol] = static_cast<double>(innocent_detentions);
  row[kMinorityWrongfulDetentionsCol] = static_cast<double>(minority_wrongful);
  row[kConfinedCol] = static_cast<double>(by_state[3] + by_state[4]);
  row[kBlacklistedShareCol] = static_cast<double>(blacklisted) / n;
  row[kSanctionHardshipCol] = sanction / n;
  row[kCostCopsCol] = static_cast<double>(s.cop_cells.size()) * cost_cop_;
  row[kCostJailCol] = static_cast<double>(by_state[3]) * cost_jail_;
  row[kCostDetentionCol] = static_cast<double>(by_state[4]) * cost_detention_;
  for (const Active& a : active_) {
    a.mechanism->record(s, row.subspan(a.first_column, a.info->results.size()));
  }
  double total = row[kCostCopsCol] + row[kCostJailCol] + row[kCostDetentionCol];
  for (const std::size_t column : cost_columns()) total += row[column];
  row[kCostTotalCol] = total;
}

void Compliance::save(CheckpointWriter& out) const {
  const Society& s = society_;
  out.put_vector(s.home);
  out.put_vector(s.cell);
  out.put_vector(s.state);
  out.put_vector(s.history);
  out.put_vector(s.legitimacy_shift);
  out.put_vector(s.legitimacy_now);
  out.put_vector(s.hardship_delta);
  out.put_vector(s.sanction_hardship);
  out.put_vector(s.last_record);
  out.put_vector(s.last_camera_active);
  out.put_vector(s.last_seen);
  out.put_vector(s.seen_cell);
  out.put_vector(s.blacklisted);
  out.put_vector(s.flagged);
  out.put_vector(s.credit_bonus);
  out.put<double>(s.max_grievance);
  out.put<std::uint64_t>(rows_);
  out.put_vector(table_);
  for (const Active& a : active_) a.mechanism->save(out);
}

void Compliance::load(CheckpointReader& in) {
  Society& s = society_;
  const std::uint64_t n = s.citizens;
  s.home = in.get_vector<CellIndex>("the homes", n);
  s.cell = in.get_vector<CellIndex>("the citizens' cells", n);
  s.state = in.get_vector<Behaviour>("the dissent-layer states", n);
  s.history = in.get_vector<std::uint8_t>("the histories", n);
  s.legitimacy_shift = in.get_vector<float>("the legitimacy shifts", n);
  s.legitimacy_now = in.get_vector<float>("the contagion shifts", n);
  s.hardship_delta = in.get_vector<float>("the hardship deltas", n);
  s.sanction_hardship = in.get_vector<float>("the sanction hardships", n);
  s.last_record = in.get_vector<std::int32_t>("the last records", n);
  s.last_camera_active = in.get_vector<std::int32_t>("the camera records", n);
  s.last_seen = in.get_vector<std::int32_t>("the location records", n);
  s.seen_cell = in.get_vector<CellIndex>("the recorded locations", n);
  s.blacklisted = in.get_vector<std::uint8_t>("the blacklist", n);
  s.flagged = in.get_vector<std::uint8_t>("the flags", n);
  s.credit_bonus = in.get_vector<float>("the credit bonuses", n);
  const auto cells = s.torus.cell_count();
  // A checkpoint passed its checksum but may still be crafted: values that
  // would make the model misbehave (NaN in a sort key, counts out of range)
  // are refused here rather than run.
  for (const auto* column : {&s.legitimacy_shift, &s.legitimacy_now, &s.hardship_delta,
                             &s.sanction_hardship, &s.credit_bonus}) {
    if (!std::ranges::all_of(*column, [](float v) { return std::isfinite(v); })) {
      in.fail("holds a non-finite value in the compliance layer");
    }
  }
  for (std::uint32_t id = 0; id < n; ++id) {
    if (s.blacklisted[id] > 1 || s.flagged[id] > 1) in.fail("holds a flag that is not 0 or 1");
    if (s.home[id] >= cells || s.cell[id] >= cells || s.seen_cell[id] >= cells) {
      in.fail("holds a citizen outside the lattice in the compliance layer");
    }
    if (static_cast<std::uint8_t>(s.state[id]) > static_cast<std::uint8_t>(Behaviour::kDetained)) {
      in.fail("holds a citizen in an unknown dissent-layer state");
    }
  }
  s.max_grievance = in.get<double>("the greatest grievance");
  if (!(s.max_grievance >= 0.0 && s.max_grievance <= 1.0)) in.fail("holds an impossible grievance");
  rows_ = in.get<std::uint64_t>("the results row count");
  if (rows_ == 0 || rows_ > static_cast<std::uint64_t>(s.scenario.steps) + 1) {
    in.fail("holds an impossible number of results rows");
  }
  table_ = in.get_vector<double>("the results table", rows_ * width_);
  for (Active& a : active_) a.mechanism->load(in);
  std::fill(s.cell_citizen.begin(), s.cell_citizen.end(), kNobody);
  for (std::uint32_t id = 0; id < n; ++id) {
    if (s.at_liberty(id) && s.cell_citizen[s.cell[id]] == kNobody) s.cell_citizen[s.cell[id]] = id;
  }
  s.tick = static_cast<std::int64_t>(rows_) - 1;
  s.legitimacy = s.scenario.legitimacy.value_at(s.tick);
  dissenting_ = static_cast<std::uint64_t>(std::ranges::count(s.state, Behaviour::kDissent));
  s.active_count = static_cast<std::uint64_t>(std::ranges::count(s.state, Behaviour::kActive));
  detained_ = static_cast<std::uint64_t>(std::ranges::count(s.state, Behaviour::kDetained));
  // Perception is not recomputed here: the next begin_tick() does it, as it
  // would have in the run that wrote the checkpoint.
}

std::uint64_t Compliance::hash() const {
  const Society& s = society_;
  std::uint64_t h = 0;
  auto mix = [&h](const auto& v) {
    h = h * 1099511628211ULL + fnv1a64(v.data(), v.size() * sizeof(v[0]));
  };
  mix(s.state);
  mix(s.history);
  mix(s.legitimacy_shift);
  mix(s.hardship_delta);
  mix(s.risk_factor);
  mix(s.last_record);
  mix(s.blacklisted);
  mix(s.flagged);
  mix(table_);
  return h;
}

}  // namespace panopticon
