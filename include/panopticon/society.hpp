#pragma once
// The dissent layer's state: what every citizen is, perceives and has on
// record, as named columns indexed by citizen id (the engines' slot and id
// of a citizen) and by cell. The layer's own columns are declared once, in
// layer_columns() (society.cpp); each mechanism declares its own in its
// MechanismInfo, and the store holds them while the mechanism is on.
// Mechanisms read and write these columns in their phases (compliance.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "panopticon/columns.hpp"
#include "panopticon/lattice.hpp"
#include "panopticon/live_parameters.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/observation.hpp"
#include "panopticon/random.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/social_network.hpp"

namespace panopticon {

class Mechanism;

inline constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::min() / 2;

// History bits, the model's ground truth for the liberty accounting.
inline constexpr std::uint8_t kEverActive = 1U;
inline constexpr std::uint8_t kEverDissent = 2U;

// Bits of the `recorded` column: what the state has on record this tick.
inline constexpr std::uint8_t kRecordedDissent = 1U;  // DISSENT seen by a sensor or reported
inline constexpr std::uint8_t kRecordedActive = 2U;   // ACTIVE seen by a sensor or reported
inline constexpr std::uint8_t kRecordedArrest = 4U;   // arrested (a policing record)

// A bit of the `decision` column: the decision turned the citizen ACTIVE.
inline constexpr std::uint8_t kTurnedActive = 4U;

// An arrest or a detention during the current tick.
struct Confinement {
  std::uint32_t agent = 0;
  CellIndex cell = 0;
  bool detention = false;  // false: an arrest by a cop (rule C or a warrant)
  bool warrant = false;    // an arrest on a record after the event (policing's warrants)
  AgentState before = AgentState::kQuiet;  // what the citizen was doing when taken
};

// What a sanction punishes, as a witness reads it: the belief it updates.
enum class SanctionKind : std::uint8_t { kDissent = 0, kActive = 1 };

// A sanction that follows a record, where it can be seen (docs/MODEL.md,
// Perception): a warrant arrest, a detention, a listing, a withheld benefit.
// Arrests on the spot by a cop (rule C) are not among them: Epstein's
// arrest probability is already the citizens' estimate of those.
struct Sanction {
  std::uint32_t agent = 0;
  CellIndex cell = 0;
  SanctionKind kind = SanctionKind::kDissent;
};

// The layer's own columns, in the order they are stored (bytes per entry
// in their declarations).
std::span<const ColumnSpec> layer_columns();

struct Society {
  Society(const Scenario& scenario_in, const LiveParameters& live_in, const Torus& torus_in,
          const Neighbourhood& vision_in, const RandomStreams& streams_in, std::uint32_t n);
  Society(const Society&) = delete;
  Society& operator=(const Society&) = delete;

  const Scenario& scenario;
  const LiveParameters& live;  // every parameter at any tick
  const Torus& torus;
  const Neighbourhood& vision;  // the citizens' vision
  const RandomStreams& streams;
  RandomStream stream;  // the layer's own draws (group, network)
  std::uint32_t citizens;
  std::uint32_t minority_size = 0;
  double dissent_threshold;  // T_d
  double sanction_weight;    // how much an agent fears a recorded dissent
  double prior_strength;     // kappa, in witnessed acts (Perception)
  double ticks_per_year;     // model.ticks_per_year: costs per year are spent over it
  bool dissent_on;           // dissent.enabled
  // perception.mode = learned: beliefs from witnessed sanctions (Perception).
  bool learned_perception;
  // dissent.state_knowledge = recorded (false: the legacy layer).
  bool recorded_knowledge;
  // This tick's perceived chance that a channel without a place (telecom,
  // denunciation) records a citizen's dissent: the same for every citizen.
  float watch = 0.0F;

  ColumnStore columns;
  // The layer's columns (declared in layer_columns()).
  // Citizens: fixed traits.
  Column<float> hardship0;     // H0, as the engine drew it
  Column<float> risk0;         // R, as the engine drew it
  Column<std::uint8_t> group;  // 0 majority, 1 minority
  Column<CellIndex> home;      // the cell of registered residence (where placed)
  // Citizens: state.
  Column<CellIndex> cell;            // where the citizen is (a prisoner: where taken)
  Column<AgentState> state;          // QUIET, DISSENT, ACTIVE, JAILED or DETAINED
  Column<std::uint8_t> history;      // kEverActive | kEverDissent
  Column<float> legitimacy_shift;    // lasting shift of L_i (narratives, backlash)
  Column<float> legitimacy_now;      // this tick's shift of L_i (contagion)
  Column<float> hardship_delta;      // what mechanisms add to H this tick
  Column<float> sanction_hardship;   // the part of hardship_delta that sanctions add
  Column<float> risk_factor;         // R multiplier (fear of public punishment)
  Column<std::int32_t> last_record;  // tick of the last recorded DISSENT or ACTIVE
  Column<std::uint8_t> recorded;     // this tick's kRecorded* bits
  Column<std::uint8_t> blacklisted;  // on the sanction list (social_credit lists)
  // This tick's decision (1 + AgentState) or 0 when the citizen did not
  // decide (confined); for the falsification gap at decision time.
  Column<std::uint8_t> decision;
  // Citizens: beliefs (perception.mode = learned), discounted counts of what
  // the citizen witnessed: sanctions and acts, of DISSENT and of ACTIVE.
  Column<float> seen_dissent_sanctions;
  Column<float> seen_dissent_acts;
  Column<float> seen_active_sanctions;
  Column<float> seen_active_acts;
  // Cells.
  Column<float> cell_watch;            // chance a spatial channel records dissent here
  Column<float> cell_chill;            // s, perceived surveillance raising P_a
  Column<std::uint32_t> cell_citizen;  // the citizen at liberty here, or kNobody
  std::vector<CellIndex> cop_cells;

  // The social network, built the first time a mechanism that needs it is
  // on (from the layer's own draws, so it is the same whenever it is built).
  SocialNetwork network;
  bool network_built = false;
  void build_network();

  // This tick.
  std::int64_t tick = 0;
  double legitimacy = 0.0;  // the scenario's L(t)
  // dissent.hardship_shift at this tick: added to every citizen's hardship
  // (a country's hardship, a world's financing and debt service).
  float hardship_shift = 0.0F;
  std::vector<ObservationEvent> events;
  std::vector<Confinement> confinements;
  std::vector<Sanction> sanctions;  // visible sanctions after a record, for perception
  // Citizens who saw a sanction made public this tick, beyond their vision
  // (public_punishment), with what it punished.
  std::vector<std::pair<std::uint32_t, SanctionKind>> public_sightings;
  // The share of social-network links the state has on record this tick
  // (telecom's monitored traffic while the network is up; 0 without it).
  double contacts_on_record = 0.0;
  std::uint64_t recorded_agents = 0;  // distinct citizens recorded this tick
  double max_grievance = 0.0;         // over citizens at liberty, as the last tick ended
  std::uint64_t active_count = 0;     // citizens ACTIVE as the last tick ended

  bool at_liberty(std::uint32_t id) const {
    return state[id] == AgentState::kQuiet || state[id] == AgentState::kDissent ||
           state[id] == AgentState::kActive;
  }
  float hardship(std::uint32_t id) const {
    float h = hardship0[id] + hardship_delta[id];
    // Only when set, so that a run without it keeps every bit of its hardship.
    if (hardship_shift != 0.0F) h += hardship_shift;
    return std::clamp(h, 0.0F, 1.0F);
  }
  double legitimacy_of(std::uint32_t id) const {
    const double shift = static_cast<double>(legitimacy_shift[id]) + legitimacy_now[id];
    if (shift == 0.0) return legitimacy;  // exactly Model I's L
    return std::clamp(legitimacy + shift, 0.0, 1.0);
  }
  // The chance a citizen on `at` believes its DISSENT is recorded: by a
  // spatial channel there (cameras) or one without a place (telecom,
  // denunciation), independently.
  double recording_chance(CellIndex at) const {
    return 1.0 - (1.0 - static_cast<double>(cell_watch[at])) * (1.0 - static_cast<double>(watch));
  }
  // The perceived chance of a sanction for an act of `kind` by citizen
  // `id` where the prior (what the surveillance in sight implies) is
  // `prior`: (kappa prior + sanctions seen) / (kappa + acts seen) when
  // learned, the prior when fixed.
  double perceived(std::uint32_t id, SanctionKind kind, double prior) const {
    if (!learned_perception) return prior;
    const bool active = kind == SanctionKind::kActive;
    const double seen_s = active ? seen_active_sanctions[id] : seen_dissent_sanctions[id];
    const double seen_n = active ? seen_active_acts[id] : seen_dissent_acts[id];
    const double denominator = prior_strength + seen_n;
    return denominator > 0.0 ? (prior_strength * prior + seen_s) / denominator : prior;
  }
  // Whether the state has the link between citizens a and b on record:
  // every link under the legacy rule; else a fixed share of links (those
  // whose hash falls below contacts_on_record), the same from tick to tick.
  bool contact_on_record(std::uint32_t a, std::uint32_t b) const {
    if (!recorded_knowledge) return true;
    if (!(contacts_on_record > 0.0)) return false;
    if (contacts_on_record >= 1.0) return true;
    return link_draw(a, b) < contacts_on_record;
  }
  // Calls f(j) for every contact j of `id` the state has on record
  // (contact_on_record), from a bit per contact end kept for this tick's
  // share (refresh_links_on_record).
  template <typename F>
  void for_each_contact_on_record(std::uint32_t id, F&& f) const {
    const auto contacts = network.contacts(id);
    if (!recorded_knowledge) {
      for (const std::uint32_t j : contacts) f(j);
      return;
    }
    if (!(contacts_on_record > 0.0)) return;
    const std::uint64_t base = network.offset(id);
    for (std::size_t k = 0; k < contacts.size(); ++k) {
      const std::uint64_t end = base + k;
      if (((links_on_record_[end >> 6U] >> (end & 63U)) & 1U) != 0) f(contacts[k]);
    }
  }
  // Recomputes the bits when the share or the network changed (as a tick's
  // perception is set).
  void refresh_links_on_record();
  // A link's own uniform number in [0, 1): splitmix64 of the pair and the
  // seed, so a monitored share of 0.5 knows the same half of the links
  // every tick.
  double link_draw(std::uint32_t a, std::uint32_t b) const {
    std::uint64_t x = (static_cast<std::uint64_t>(std::min(a, b)) << 32U) | std::max(a, b);
    x ^= scenario.seed * 0x9E3779B97F4A7C15ULL;
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    x ^= x >> 31U;
    return static_cast<double>(x >> 11U) * 0x1.0p-53;
  }
  // A sanction others may see (Perception): citizen `id`, on its cell.
  void sanctioned(std::uint32_t id, SanctionKind kind) {
    sanctions.push_back(Sanction{id, cell[id], kind});
  }
  // G = H (1 - L_i), computed as the engines compute it.
  double grievance(std::uint32_t id) const {
    return static_cast<double>(hardship(id)) * (1.0 - legitimacy_of(id));
  }
  // Records an event and marks the attributed agent.
  void record(const ObservationEvent& event);
  // Notes citizen `id` arrested or detained on `at` this tick, and tells the
  // mechanisms that act on confinements (Phase kConfinement) as it happens.
  void confine(std::uint32_t id, CellIndex at, bool detention, bool warrant = false);
  // The mechanisms on now whose mask names kConfinement (the layer keeps it).
  std::vector<Mechanism*> on_confinement;

 private:
  std::vector<std::uint64_t> links_on_record_;  // a bit per contact end, scratch
  double links_share_ = -1.0;                   // the share the bits are for
  bool links_built_ = false;                    // for the network then built
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
