#pragma once
// The social compliance system on top of Model I: the dissent layer and the
// mechanisms a scenario switches on. An engine that has one calls it at
// fixed points of its tick (engine.hpp states the engine's part). The order
// of a tick, stated here once (docs/MODEL.md, "Order of a step", points
// here):
//
//   1. engine: tick += 1, L(t), cop schedule;
//   2. begin_tick: mechanisms switched on or off for this tick (start_tick,
//      end_tick, Model::adopt and retire), each tuned to this tick's
//      parameters; then perceive: effective H, L_i, fear and the perceived
//      surveillance of every citizen and cell (cameras, telecom,
//      denunciation);
//   3. engine: decide (rule A extended: ACTIVE, DISSENT or QUIET; decide()
//      below), move, cops arrest actives (rule C), jail terms count down;
//      random-sequential activation interleaves these per agent as Epstein
//      does, synchronous activation runs each over all agents at once;
//   4. end_tick, in order:
//      a. snapshot: where every citizen and cop is, who was released; then
//         offences: citizens at liberty commit ordinary offences, detected
//         by the cops in sight and the cameras (crime.hpp);
//      b. enforce: policing executes warrants from camera records, ijop
//         investigates the riskiest flagged citizens and detains some;
//      c. observe: cameras, telecom, id_card, denunciation and the tick's
//         arrests produce observation events;
//      d. score: social_credit scores, blacklists and redlists; ijop risks
//         and flags, from events only;
//      e. sanction: hardship and legitimacy change (card benefits,
//         blacklists, shutdowns, contagion, public punishment, narratives);
//   5. record: one row of the results table (the engine asks for it).
//   Within a phase, mechanisms act in the registry's order (each declares
//   its place, mechanism.hpp), and only those whose phase mask names it.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "panopticon/crime.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/live_parameters.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"
#include "panopticon/output_column.hpp"
#include "panopticon/perception.hpp"
#include "panopticon/results_table.hpp"
#include "panopticon/society.hpp"
#include "panopticon/state_archive.hpp"

namespace panopticon {

class Compliance {
 public:
  // `citizens` citizens with ids 0..citizens-1, at `tick` (0 for a fresh
  // model, a checkpoint's tick when one is loaded): the mechanisms active
  // then are made. engine.export_* must work.
  Compliance(const Scenario& scenario, const LiveParameters& live, const Torus& torus,
             const Neighbourhood& vision, const RandomStreams& streams, std::uint32_t citizens,
             const ResultsTable& results, EngineAccess& engine, std::int64_t tick);

  // Whether a scenario needs the layer: the dissent layer or a mechanism is
  // enabled (at any tick), or model.compliance_layer = "always".
  static bool wanted(const Scenario& scenario);
  // Columns of the results table: the layer's, then each mechanism's.
  static std::vector<OutputColumn> columns();
  static std::span<const OutputColumn> layer_columns();

  void begin_tick(std::int64_t tick, double legitimacy, EngineAccess& engine);
  // Rule A extended, for citizen `id` on `cell` whose Epstein arrest
  // probability is p_arrest (mechanisms.md, section 1). Under the layer with
  // nothing on, the same arithmetic as Model I.
  AgentState decide(std::uint32_t id, CellIndex cell, double p_arrest, double threshold) const {
    const double g = society_.grievance(id);
    const double r =
        static_cast<double>(society_.risk0[id]) * static_cast<double>(society_.risk_factor[id]);
    const bool learned = society_.learned_perception;
    double s = society_.cell_chill[cell];
    if (learned) s = society_.perceived(id, SanctionKind::kActive, s);
    const double p = s > 0.0 ? 1.0 - (1.0 - p_arrest) * (1.0 - s) : p_arrest;
    if (g - r * p > threshold) return AgentState::kActive;
    if (society_.dissent_on) {
      const double seen = society_.recording_chance(cell);
      const double fear = learned ? r * society_.perceived(id, SanctionKind::kDissent,
                                                           society_.sanction_weight * seen)
                                  : r * society_.sanction_weight * seen;
      if (g - fear > society_.dissent_threshold) return AgentState::kDissent;
    }
    return AgentState::kQuiet;
  }
  // The engine reports each decision (any thread; ids are distinct) ...
  void set_behaviour(std::uint32_t id, AgentState b) {
    // Turned ACTIVE: was not ACTIVE as the last tick ended (an activation).
    const bool turned = b == AgentState::kActive && society_.state[id] != AgentState::kActive;
    society_.state[id] = b;
    society_.decision[id] =
        static_cast<std::uint8_t>((1U + static_cast<unsigned>(b)) | (turned ? kTurnedActive : 0U));
    if (b == AgentState::kActive) society_.history[id] |= kEverActive;
    if (b == AgentState::kDissent) society_.history[id] |= kEverDissent;
  }
  // ... and each arrest it makes (rule C), in a deterministic order.
  void note_arrest(std::uint32_t id, CellIndex cell);
  void end_tick(EngineAccess& engine);
  // This tick's row of the results table.
  void record(const ResultRow& row);

  // Counts as the layer sees them: quiet excludes DISSENT, jailed excludes
  // DETAINED.
  std::uint64_t dissenting() const { return dissenting_; }
  std::uint64_t detained() const { return detained_; }
  // An engine's counts (quiet and jailed as Model I has them) split so.
  void split_counts(TickCounts& counts) const {
    counts.quiet -= dissenting_;
    counts.jailed -= detained_;
  }

  const Society& society() const { return society_; }
  // The mechanisms on now, in the order they act.
  std::vector<std::string> active_mechanisms() const;
  // The declared columns held now (the layer's, then the mechanisms').
  std::vector<const ColumnSpec*> column_specs() const { return society_.columns.specs(); }

  // The layer's state (which mechanisms are on, the columns, the layer's
  // own values, each mechanism's state), saved, loaded or hashed.
  void walk_state(StateArchive& archive);

 private:
  struct Active {
    const MechanismInfo* info;
    std::unique_ptr<Mechanism> mechanism;
  };
  // Makes and retires mechanisms so that those on are those active at `tick`.
  void switch_mechanisms(std::int64_t tick, EngineAccess& engine);
  void adopt(const MechanismInfo& info, EngineAccess& engine);
  void retire(std::size_t active_index, EngineAccess& engine);
  void list_phases();
  void snapshot(const EngineAccess& engine);
  // Private dissenters and falsifiers among this tick's decisions, with the
  // grievance they decided on (before enforcement and sanctions move it).
  void count_falsification();
  void update_perception();
  void restore_derived();

  Society society_;
  Perception perception_;
  Crime crime_;
  const ResultsTable& results_;
  std::vector<Active> active_;                   // in registry order
  std::vector<LiveParameters::Window> windows_;  // each registered mechanism's, in order
  // [costs], per tick: a cop on duty, a citizen in jail, one detained.
  LiveParameters::Number cost_cop_;
  LiveParameters::Number cost_jail_;
  LiveParameters::Number cost_detention_;
  LiveParameters::Number hardship_shift_;  // dissent.hardship_shift
  float shift_keep_;                       // 1 - dissent.shift_decay
  std::array<std::vector<Mechanism*>, kPhases.size()> by_phase_;
  std::vector<std::uint8_t> confined_scratch_;
  std::uint64_t private_dissent_ = 0;
  std::uint64_t falsifiers_ = 0;
  std::uint64_t dissenting_ = 0;
  std::uint64_t detained_ = 0;
  std::vector<ResultSlot> layer_slots_;  // layer_columns() in the results table
  std::vector<ResultSlot> cost_slots_;   // the mechanisms' `_cost` results
};

}  // namespace panopticon
