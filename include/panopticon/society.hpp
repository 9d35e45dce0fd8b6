#pragma once
// The dissent layer's state: what every citizen is, perceives and has on
// record, stored as columns indexed by citizen id (the engines' slot and id
// of a citizen). Mechanisms read and write these columns in their phases
// (compliance.hpp); bytes per citizen in comments. Columns that only one
// mechanism uses live in that mechanism.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/observation.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/social_network.hpp"

namespace panopticon {

inline constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::min() / 2;

// History bits, the model's ground truth for the liberty accounting.
inline constexpr std::uint8_t kEverActive = 1U;
inline constexpr std::uint8_t kEverDissent = 2U;

// Bits of Society::recorded: what the state has on record this tick.
inline constexpr std::uint8_t kRecordedDissent = 1U;  // DISSENT seen by a sensor or reported
inline constexpr std::uint8_t kRecordedActive = 2U;   // ACTIVE seen by a sensor or reported
inline constexpr std::uint8_t kRecordedArrest = 4U;   // arrested (a policing record)

// An arrest or a detention during the current tick.
struct Confinement {
  std::uint32_t agent = 0;
  CellIndex cell = 0;
  bool detention = false;  // false: an arrest by a cop (rule C or a warrant)
};

struct Society {
  Society(const Scenario& scenario_in, const Torus& torus_in, const Neighbourhood& vision_in,
          const RandomStreams& streams_in, std::uint32_t n);

  const Scenario& scenario;
  const Torus& torus;
  const Neighbourhood& vision;  // the citizens' vision
  const RandomStreams& streams;
  std::uint32_t citizens;
  std::uint32_t minority_size = 0;
  bool dissent_on;           // dissent.enabled
  double dissent_threshold;  // T_d
  double sanction_weight;    // how much an agent fears a recorded dissent
  // This tick's perceived chance that a channel without a place (telecom,
  // denunciation) records a citizen's dissent: the same for every citizen.
  float watch = 0.0F;

  // Citizens: fixed traits.
  std::vector<float> hardship0;     // 4: H0, as the engine drew it
  std::vector<float> risk0;         // 4: R, as the engine drew it
  std::vector<std::uint8_t> group;  // 1: 0 majority, 1 minority
  std::vector<CellIndex> home;      // 4: the cell of registered residence (where placed)
  // Citizens: state.
  std::vector<CellIndex> cell;            // 4: where the citizen is (a prisoner: where taken)
  std::vector<Behaviour> state;           // 1
  std::vector<std::uint8_t> history;      // 1: kEverActive | kEverDissent
  std::vector<float> legitimacy_shift;    // 4: lasting shift of L_i (narratives, backlash)
  std::vector<float> legitimacy_now;      // 4: this tick's shift of L_i (contagion)
  std::vector<float> hardship_delta;      // 4: what mechanisms add to H this tick
  std::vector<float> sanction_hardship;   // 4: the part of hardship_delta that sanctions add
  std::vector<float> risk_factor;         // 4: R multiplier (fear of public punishment)
  std::vector<std::int32_t> last_record;  // 4: tick of the last recorded DISSENT or ACTIVE
  std::vector<std::int32_t> last_camera_active;  // 4: tick of the last camera record of ACTIVE
  std::vector<std::int32_t> last_seen;           // 4: tick of the last camera location record
  // 1: a card whose use logs where its holder is, every tick (set by id_card):
  // such a citizen at liberty counts as located, at its cell, every tick.
  std::vector<std::uint8_t> located_by_card;
  std::vector<CellIndex> seen_cell;       // 4: where last recorded
  std::vector<std::uint8_t> recorded;     // 1: this tick's kRecorded* bits
  std::vector<std::uint8_t> blacklisted;  // 1: set by social_credit
  std::vector<std::uint8_t> flagged;      // 1: set by ijop
  std::vector<float> credit_bonus;        // 4: points earned this tick (denunciation rewards)
  // 1: this tick's decision (1 + Behaviour) or 0 when the citizen did not
  // decide (confined); for the falsification gap at decision time.
  std::vector<std::uint8_t> decision;

  // Cells.
  std::vector<float> cell_watch;            // 4: chance a spatial channel records dissent here
  std::vector<float> cell_chill;            // 4: s, perceived surveillance raising P_a
  std::vector<std::uint32_t> cell_citizen;  // 4: the citizen at liberty here, or kNobody
  std::vector<CellIndex> cop_cells;

  SocialNetwork network;  // built when a mechanism needs it

  // This tick.
  std::int64_t tick = 0;
  double legitimacy = 0.0;  // the scenario's L(t)
  std::vector<ObservationEvent> events;
  std::vector<Confinement> confinements;
  std::uint64_t recorded_agents = 0;  // distinct citizens recorded this tick
  double max_grievance = 0.0;         // over citizens at liberty, as the last tick ended
  std::uint64_t active_count = 0;     // citizens ACTIVE as the last tick ended

  // Whether the state knows where the citizen is this tick, and where.
  bool located_now(std::uint32_t id) const {
    return last_seen[id] == static_cast<std::int32_t>(tick) ||
           (located_by_card[id] != 0 && at_liberty(id));
  }
  CellIndex located_cell(std::uint32_t id) const {
    return located_by_card[id] != 0 ? cell[id] : seen_cell[id];
  }
  bool at_liberty(std::uint32_t id) const {
    return state[id] == Behaviour::kQuiet || state[id] == Behaviour::kDissent ||
           state[id] == Behaviour::kActive;
  }
  float hardship(std::uint32_t id) const {
    const float h = hardship0[id] + hardship_delta[id];
    return std::clamp(h, 0.0F, 1.0F);
  }
  double legitimacy_of(std::uint32_t id) const {
    const double shift = static_cast<double>(legitimacy_shift[id]) + legitimacy_now[id];
    if (shift == 0.0) return legitimacy;  // exactly Model I's L
    return std::clamp(legitimacy + shift, 0.0, 1.0);
  }
  // G = H (1 - L_i), computed as the engines compute it.
  double grievance(std::uint32_t id) const {
    return static_cast<double>(hardship(id)) * (1.0 - legitimacy_of(id));
  }
  // Records an event and marks the attributed agent.
  void record(const ObservationEvent& event);
  // Notes citizen `id` arrested (an arrest serves any warrant) or detained
  // on `at` this tick.
  void confine(std::uint32_t id, CellIndex at, bool detention) {
    confinements.push_back(Confinement{id, at, detention});
    state[id] = detention ? Behaviour::kDetained : Behaviour::kJailed;
    if (!detention) last_camera_active[id] = kNever;
  }
};

// Calls f(i) for every i in [0, n) picked independently with probability p,
// drawing only the gaps between picks (geometric skips): a sweep costs draws
// in proportion to the picks, not to n.
template <typename F>
void for_each_picked(Draws& draws, std::uint32_t n, double p, F&& f) {
  if (!(p > 0.0)) return;
  if (p >= 1.0) {
    for (std::uint32_t i = 0; i < n; ++i) f(i);
    return;
  }
  const double log_q = std::log1p(-p);
  double i = 0.0;
  while (true) {
    const double u = draws.next_unit();
    i += std::floor(std::log1p(-u) / log_q);
    if (i >= static_cast<double>(n)) return;
    f(static_cast<std::uint32_t>(i));
    i += 1.0;
  }
}

}  // namespace panopticon
