#include "panopticon/society.hpp"

#include <algorithm>
#include <limits>

#include "panopticon/mechanism.hpp"

namespace panopticon {

namespace {

// What the layer itself draws for, in its own stream.
enum class LayerDraw : std::uint16_t {
  kNetwork = 9,  // the social network's links
  kGroup = 10,   // majority or minority
};

ColumnSpec citizen(std::string name, ColumnType type, std::string meaning, bool saved = true) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.saved = saved;
  c.hashed = saved;
  c.meaning = std::move(meaning);
  c.owner = "layer";
  return c;
}

ColumnSpec bounded(ColumnSpec c, double min, double max, double initial = 0.0) {
  c.min = min;
  c.max = max;
  c.initial = initial;
  return c;
}

ColumnSpec cells_of(ColumnSpec c) {
  c.cell_index = true;
  return c;
}

ColumnSpec per_cell(std::string name, ColumnType type, std::string meaning, double initial) {
  ColumnSpec c = citizen(std::move(name), type, std::move(meaning), false);
  c.scope = ColumnScope::kCell;
  c.initial = initial;
  return c;
}

// Saved and hashed, holding a citizen's id or none.
ColumnSpec saved_cell(ColumnSpec c) {
  c.saved = true;
  c.hashed = true;
  c.citizen_index = true;
  return c;
}

std::vector<ColumnSpec> build_layer_columns() {
  using T = ColumnType;
  constexpr double kTicks = 2147483647.0;
  const auto never = static_cast<double>(kNever);
  return {
      citizen("hardship0", T::kF32, "H0, the hardship the engine drew (from the engine)", false),
      citizen("risk0", T::kF32, "R, the risk aversion the engine drew (from the engine)", false),
      citizen("group", T::kU8, "0 majority, 1 minority (drawn from the layer's stream)", false),
      cells_of(citizen("home", T::kU32, "the cell of registered residence (where placed)")),
      cells_of(citizen("cell", T::kU32, "where the citizen is (a prisoner: where taken)")),
      bounded(citizen("state", T::kState, "QUIET 0, DISSENT 1, ACTIVE 2, JAILED 3, DETAINED 4"), 0,
              4),
      bounded(citizen("history", T::kU8, "bits: 1 ever ACTIVE, 2 ever DISSENT (ground truth)"), 0,
              3),
      bounded(citizen("legitimacy_shift", T::kF32,
                      "lasting shift of perceived legitimacy L_i (narratives, backlash)"),
              -1, 1),
      bounded(citizen("legitimacy_now", T::kF32,
                      "this tick's shift of L_i (contagion), recomputed every tick"),
              -1e6, 1e6),
      bounded(citizen("hardship_delta", T::kF32, "what mechanisms add to H this tick"), -1e6, 1e6),
      bounded(
          citizen("sanction_hardship", T::kF32, "the part of hardship_delta that sanctions add"),
          -1e6, 1e6),
      bounded(
          citizen("risk_factor", T::kF32, "multiplier of R (the fear public punishment raises)"), 0,
          1e6, 1.0),
      bounded(citizen("last_record", T::kI32, "tick of the last recorded DISSENT or ACTIVE"), never,
              kTicks, never),
      bounded(citizen("recorded", T::kU8,
                      "this tick's records: 1 DISSENT, 2 ACTIVE, 4 an arrest (cleared every tick)"),
              0, 7),
      bounded(citizen("blacklisted", T::kU8, "on the sanction list (set by social_credit)"), 0, 1),
      bounded(citizen("decision", T::kU8,
                      "this tick's decision, 1 + state, plus 4 when it turned the citizen ACTIVE, "
                      "or 0 (cleared every tick)"),
              0, 7),
      bounded(citizen("seen_dissent_sanctions", T::kF32,
                      "perception: discounted count of sanctions for DISSENT witnessed"),
              0, 3.4e38),
      bounded(citizen("seen_dissent_acts", T::kF32,
                      "perception: discounted count of DISSENT witnessed"),
              0, 3.4e38),
      bounded(citizen("seen_active_sanctions", T::kF32,
                      "perception: discounted count of sanctions for ACTIVE witnessed"),
              0, 3.4e38),
      bounded(
          citizen("seen_active_acts", T::kF32, "perception: discounted count of ACTIVE witnessed"),
          0, 3.4e38),
      // The cameras set these where they stand, at each tick's tune (and
      // when a checkpoint is loaded): neither saved nor hashed.
      per_cell("cell_watch", T::kF32, "chance that a spatial channel records dissent here", 0.0),
      per_cell("cell_chill", T::kF32, "s, perceived surveillance raising the arrest risk", 0.0),
      // Who stood on each cell as the tick's snapshot was taken (a citizen
      // confined since still shows): saved, so that a clone reads as its
      // original.
      saved_cell(bounded(per_cell("cell_citizen", T::kU32,
                                  "the citizen at liberty here at the tick's snapshot, or none",
                                  static_cast<double>(kNobody)),
                         0, static_cast<double>(kNobody))),
  };
}

}  // namespace

std::span<const ColumnSpec> layer_columns() {
  static const std::vector<ColumnSpec> columns = build_layer_columns();
  return columns;
}

Society::Society(const Scenario& scenario_in, const LiveParameters& live_in, const Torus& torus_in,
                 const Neighbourhood& vision_in, const RandomStreams& streams_in, std::uint32_t n)
    : scenario(scenario_in),
      live(live_in),
      torus(torus_in),
      vision(vision_in),
      streams(streams_in),
      stream(streams_in.named("layer")),
      citizens(n),
      dissent_threshold(scenario_in.params.get_float("dissent.threshold")),
      sanction_weight(scenario_in.params.get_float("dissent.sanction_weight")),
      prior_strength(scenario_in.params.get_float("perception.prior_strength")),
      ticks_per_year(static_cast<double>(scenario_in.params.get_int("model.ticks_per_year"))),
      dissent_on(scenario_in.params.get_bool("dissent.enabled")),
      learned_perception(scenario_in.params.get_choice("perception.mode") == "learned"),
      recorded_knowledge(scenario_in.params.get_choice("dissent.state_knowledge") == "recorded"),
      columns(n, torus_in.cell_count()) {
  for (const ColumnSpec& spec : layer_columns()) columns.add(spec);
  hardship0 = columns.get<float>("hardship0");
  risk0 = columns.get<float>("risk0");
  group = columns.get<std::uint8_t>("group");
  home = columns.get<CellIndex>("home");
  cell = columns.get<CellIndex>("cell");
  state = columns.get<AgentState>("state");
  history = columns.get<std::uint8_t>("history");
  legitimacy_shift = columns.get<float>("legitimacy_shift");
  legitimacy_now = columns.get<float>("legitimacy_now");
  hardship_delta = columns.get<float>("hardship_delta");
  sanction_hardship = columns.get<float>("sanction_hardship");
  risk_factor = columns.get<float>("risk_factor");
  last_record = columns.get<std::int32_t>("last_record");
  recorded = columns.get<std::uint8_t>("recorded");
  blacklisted = columns.get<std::uint8_t>("blacklisted");
  decision = columns.get<std::uint8_t>("decision");
  seen_dissent_sanctions = columns.get<float>("seen_dissent_sanctions");
  seen_dissent_acts = columns.get<float>("seen_dissent_acts");
  seen_active_sanctions = columns.get<float>("seen_active_sanctions");
  seen_active_acts = columns.get<float>("seen_active_acts");
  cell_watch = columns.get<float>("cell_watch");
  cell_chill = columns.get<float>("cell_chill");
  cell_citizen = columns.get<std::uint32_t>("cell_citizen");
  // Minority membership from the layer's own stream: Model I's draws stay put.
  const double share = scenario_in.params.get_float("citizens.minority_share");
  for (std::uint32_t id = 0; id < n; ++id) {
    Draws draws(stream, LayerDraw::kGroup, 0, id);
    group[id] = draws.next_unit() < share ? 1 : 0;
    minority_size += group[id];
  }
}

void Society::build_network() {
  if (network_built) return;
  network =
      SocialNetwork(citizens, static_cast<std::uint32_t>(scenario.params.get_int("network.degree")),
                    scenario.params.get_float("network.rewire"), stream,
                    static_cast<std::uint32_t>(LayerDraw::kNetwork));
  network_built = true;
}

void Society::refresh_links_on_record() {
  if (!recorded_knowledge || !(contacts_on_record > 0.0)) return;
  if (contacts_on_record == links_share_ && network_built == links_built_) return;
  links_on_record_.assign((network.ends() + 63) / 64, 0);
  for (std::uint32_t id = 0; id < network.size(); ++id) {
    const auto contacts = network.contacts(id);
    const std::uint64_t base = network.offset(id);
    for (std::size_t k = 0; k < contacts.size(); ++k) {
      if (contact_on_record(id, contacts[k])) {
        links_on_record_[(base + k) >> 6U] |= std::uint64_t{1} << ((base + k) & 63U);
      }
    }
  }
  links_share_ = contacts_on_record;
  links_built_ = network_built;
}

void Society::confine(std::uint32_t id, CellIndex at, bool detention, bool warrant) {
  confinements.push_back(Confinement{id, at, detention, warrant, state[id]});
  if (warrant) {
    sanctioned(id, SanctionKind::kActive);  // a camera record of ACTIVE
  } else if (detention) {
    sanctioned(id,
               state[id] == AgentState::kActive ? SanctionKind::kActive : SanctionKind::kDissent);
  }
  state[id] = detention ? AgentState::kDetained : AgentState::kJailed;
  for (Mechanism* m : on_confinement) m->confinement(*this, confinements.back());
}

void Society::record(const ObservationEvent& event) {
  events.push_back(event);
  std::uint8_t& r = recorded[event.agent];
  if (r == 0) ++recorded_agents;
  if (event.channel == Channel::kPolicing) {
    r |= kRecordedArrest;  // an arrest, penalised as such, not as a sighting
  } else if (event.behaviour == AgentState::kDissent) {
    r |= kRecordedDissent;
  } else if (event.behaviour == AgentState::kActive) {
    r |= kRecordedActive;
  }
  if (event.behaviour == AgentState::kDissent || event.behaviour == AgentState::kActive) {
    last_record[event.agent] = static_cast<std::int32_t>(event.tick);
  }
}

}  // namespace panopticon
