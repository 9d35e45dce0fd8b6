#include "panopticon/society.hpp"

namespace panopticon {

Society::Society(const Scenario& scenario_in, const Torus& torus_in, const Neighbourhood& vision_in,
                 const RandomStreams& streams_in, std::uint32_t n)
    : scenario(scenario_in),
      torus(torus_in),
      vision(vision_in),
      streams(streams_in),
      citizens(n),
      dissent_on(scenario_in.params.get_bool("dissent.enabled")),
      dissent_threshold(scenario_in.params.get_float("dissent.threshold")),
      sanction_weight(scenario_in.params.get_float("dissent.sanction_weight")),
      hardship0(n),
      risk0(n),
      group(n),
      home(n),
      cell(n),
      state(n, Behaviour::kQuiet),
      history(n, 0),
      legitimacy_shift(n, 0.0F),
      legitimacy_now(n, 0.0F),
      hardship_delta(n, 0.0F),
      sanction_hardship(n, 0.0F),
      risk_factor(n, 1.0F),
      last_record(n, kNever),
      last_camera_active(n, kNever),
      last_seen(n, 0),  // registered at home at tick 0
      located_by_card(n, 0),
      seen_cell(n, 0),
      recorded(n, 0),
      blacklisted(n, 0),
      flagged(n, 0),
      credit_bonus(n, 0.0F),
      decision(n, 0),
      cell_watch(torus_in.cell_count(), 0.0F),
      cell_chill(torus_in.cell_count(), 0.0F),
      cell_citizen(torus_in.cell_count(), kNobody) {
  // Minority membership from the layer's own stream: Model I's draws stay put.
  const double share = scenario_in.params.get_float("citizens.minority_share");
  for (std::uint32_t id = 0; id < n; ++id) {
    Draws draws(streams_in, Purpose::kGroup, 0, id, kLayerStream);
    group[id] = draws.next_unit() < share ? 1 : 0;
    minority_size += group[id];
  }
}

void Society::record(const ObservationEvent& event) {
  events.push_back(event);
  std::uint8_t& r = recorded[event.agent];
  if (r == 0) ++recorded_agents;
  if (event.channel == Channel::kPolicing) {
    r |= kRecordedArrest;  // an arrest, penalised as such, not as a sighting
  } else if (event.behaviour == Behaviour::kDissent) {
    r |= kRecordedDissent;
  } else if (event.behaviour == Behaviour::kActive) {
    r |= kRecordedActive;
  }
  if (event.behaviour == Behaviour::kDissent || event.behaviour == Behaviour::kActive) {
    last_record[event.agent] = static_cast<std::int32_t>(event.tick);
  }
}

}  // namespace panopticon
