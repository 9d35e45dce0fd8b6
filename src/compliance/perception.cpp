#include "panopticon/perception.hpp"

#include <algorithm>

namespace panopticon {

Perception::Perception(const Society& society)
    : keep_(1.0 - society.scenario.params.get_float("perception.learning_rate")) {}

void Perception::learn(Society& s) {
  const std::size_t cells = s.torus.cell_count() + Neighbourhood::kGridPadding;
  dissent_in_sight_.assign(cells, 0);
  active_in_sight_.assign(cells, 0);
  acts_[0] = acts_[1] = 0;
  sanctions_[0] = sanctions_[1] = 0;
  // Speakers are a minority: spread each over its vision (16 lanes a row).
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    const AgentState b = s.state[id];
    if (b == AgentState::kDissent) {
      s.vision.add_over(s.cell[id], dissent_in_sight_.data(), 1);
      ++acts_[0];
    } else if (b == AgentState::kActive) {
      s.vision.add_over(s.cell[id], active_in_sight_.data(), 1);
      ++acts_[1];
    }
  }
  const auto keep = static_cast<float>(keep_);
  for (std::uint32_t id = 0; id < s.citizens; ++id) {
    float d_acts = s.seen_dissent_acts[id] * keep;
    float a_acts = s.seen_active_acts[id] * keep;
    if (s.at_liberty(id)) {
      d_acts += static_cast<float>(dissent_in_sight_[s.cell[id]]);
      a_acts += static_cast<float>(active_in_sight_[s.cell[id]]);
    }
    s.seen_dissent_acts[id] = d_acts;
    s.seen_active_acts[id] = a_acts;
    s.seen_dissent_sanctions[id] *= keep;
    s.seen_active_sanctions[id] *= keep;
  }
  // Each sanction is seen by the citizens at liberty within vision of it,
  // the sanctioned one excepted.
  for (const Sanction& sanction : s.sanctions) {
    const bool active = sanction.kind == SanctionKind::kActive;
    ++sanctions_[active ? 1 : 0];
    Column<float>& seen = active ? s.seen_active_sanctions : s.seen_dissent_sanctions;
    s.vision.for_each_cell(sanction.cell, [&](CellIndex c) {
      const std::uint32_t id = s.cell_citizen[c];
      if (id == kNobody || id == sanction.agent || !s.at_liberty(id)) return;
      seen[id] += 1.0F;
    });
  }
  for (const auto& [id, kind] : s.public_sightings) {
    (kind == SanctionKind::kActive ? s.seen_active_sanctions : s.seen_dissent_sanctions)[id] +=
        1.0F;
  }
}

}  // namespace panopticon
