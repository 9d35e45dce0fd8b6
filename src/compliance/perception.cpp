#include "panopticon/perception.hpp"

namespace panopticon {

Perception::Perception(const Society& society)
    : keep_(1.0 - society.scenario.params.get_float("perception.learning_rate")) {}

void Perception::learn(Society& s) {
  const std::size_t cells = s.torus.cell_count() + Neighbourhood::kGridPadding;
  dissent_in_sight_.assign(cells, 0);
  active_in_sight_.assign(cells, 0);
  // Speakers are a minority: spread each over its vision (16 lanes a row).
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    const AgentState b = s.state[id];
    if (b == AgentState::kDissent) {
      s.vision.add_over(s.cell[id], dissent_in_sight_.data(), 1);
    } else if (b == AgentState::kActive) {
      s.vision.add_over(s.cell[id], active_in_sight_.data(), 1);
    }
  }
  // Sanctions too are spread over the vision around them; each is seen by
  // the citizens at liberty there, the sanctioned one excepted (taken off
  // below, where it stands on the sanction's cell).
  dissent_sanctions_in_sight_.assign(cells, 0);
  active_sanctions_in_sight_.assign(cells, 0);
  for (const Sanction& sanction : s.sanctions) {
    const bool active = sanction.kind == SanctionKind::kActive;
    s.vision.add_over(sanction.cell,
                      (active ? active_sanctions_in_sight_ : dissent_sanctions_in_sight_).data(),
                      1);
  }
  const auto keep = static_cast<float>(keep_);
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    float d_acts = s.seen_dissent_acts[id] * keep;
    float a_acts = s.seen_active_acts[id] * keep;
    float d_sanctions = s.seen_dissent_sanctions[id] * keep;
    float a_sanctions = s.seen_active_sanctions[id] * keep;
    if (s.at_liberty(id)) {
      const CellIndex c = s.cell[id];
      d_acts += static_cast<float>(dissent_in_sight_[c]);
      a_acts += static_cast<float>(active_in_sight_[c]);
      d_sanctions += static_cast<float>(dissent_sanctions_in_sight_[c]);
      a_sanctions += static_cast<float>(active_sanctions_in_sight_[c]);
    }
    s.seen_dissent_acts[id] = d_acts;
    s.seen_active_acts[id] = a_acts;
    s.seen_dissent_sanctions[id] = d_sanctions;
    s.seen_active_sanctions[id] = a_sanctions;
  }
  const bool own_cell_in_sight = s.vision.includes_own_cell();
  for (const Sanction& sanction : s.sanctions) {
    const std::uint32_t id = sanction.agent;
    if (!own_cell_in_sight || !s.at_liberty(id) || s.cell[id] != sanction.cell) continue;
    Column<float>& seen =
        sanction.kind == SanctionKind::kActive ? s.seen_active_sanctions : s.seen_dissent_sanctions;
    seen[id] -= 1.0F;
  }
  for (const auto& [id, kind] : s.public_sightings) {
    (kind == SanctionKind::kActive ? s.seen_active_sanctions : s.seen_dissent_sanctions)[id] +=
        1.0F;
  }
}

}  // namespace panopticon
