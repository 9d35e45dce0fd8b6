#pragma once
// The social compliance system on top of Model I: the dissent layer and the
// mechanisms a scenario switches on. An engine that has one calls it at
// fixed points of its tick. The order of a tick, stated here once (and in
// docs/MODEL.md, "Order of a step"):
//
//   1. engine: tick += 1, L(t), cop schedule;
//   2. perceive  (begin_tick): effective H, L_i, fear and the perceived
//      surveillance of every citizen and cell (cameras, telecom,
//      denunciation);
//   3. engine: decide (rule A extended: ACTIVE, DISSENT or QUIET; decide()
//      below), move, cops arrest actives (rule C), jail terms count down;
//      random-sequential activation interleaves these per agent as Epstein
//      does, synchronous activation runs each over all agents at once;
//   4. end_tick, in order:
//      a. snapshot: where every citizen and cop is, who was released;
//      b. enforce: policing executes warrants from camera records, ijop
//         investigates the riskiest flagged citizens and detains some;
//      c. observe: cameras, telecom, id_card, denunciation and the tick's
//         arrests produce observation events;
//      d. score: social_credit scores, blacklists and redlists; ijop risks
//         and flags, from events only;
//      e. sanction: hardship and legitimacy change (card benefits,
//         blacklists, shutdowns, contagion, public punishment, narratives);
//      f. record: one row of the results table.
//   Within a phase, mechanisms act in the registry's order (mechanism.hpp).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/model.hpp"
#include "panopticon/output_column.hpp"
#include "panopticon/society.hpp"

namespace panopticon {

class Compliance {
 public:
  // `citizens` citizens with ids 0..citizens-1; engine.export_* must work.
  Compliance(const Scenario& scenario, const Torus& torus, const Neighbourhood& vision,
             const RandomStreams& streams, std::uint32_t citizens, const EngineAccess& engine);

  // Whether a scenario needs the layer: the dissent layer or a mechanism is on.
  static bool wanted(const Scenario& scenario);
  // The layer of an engine, or null when the scenario does not want one.
  static std::unique_ptr<Compliance> start(const Scenario& scenario, const Torus& torus,
                                           const Neighbourhood& vision,
                                           const RandomStreams& streams, std::uint32_t citizens,
                                           const EngineAccess& engine);
  // Columns of the results table: the layer's, then each mechanism's.
  static std::vector<OutputColumn> columns();
  static std::span<const OutputColumn> layer_columns();

  void begin_tick(std::int64_t tick, double legitimacy);
  // Rule A extended, for citizen `id` on `cell` whose Epstein arrest
  // probability is p_arrest (mechanisms.md, section 1). Under the layer with
  // nothing on, the same arithmetic as Model I.
  Behaviour decide(std::uint32_t id, CellIndex cell, double p_arrest, double threshold) const {
    const double g = society_.grievance(id);
    const double r =
        static_cast<double>(society_.risk0[id]) * static_cast<double>(society_.risk_factor[id]);
    const double s = society_.cell_chill[cell];
    const double p = s > 0.0 ? 1.0 - (1.0 - p_arrest) * (1.0 - s) : p_arrest;
    if (g - r * p > threshold) return Behaviour::kActive;
    if (society_.dissent_on) {
      const double seen = 1.0 - (1.0 - static_cast<double>(society_.cell_watch[cell])) *
                                    (1.0 - static_cast<double>(society_.watch));
      if (g - r * society_.sanction_weight * seen > society_.dissent_threshold) {
        return Behaviour::kDissent;
      }
    }
    return Behaviour::kQuiet;
  }
  // The engine reports each decision (any thread; ids are distinct) ...
  void set_behaviour(std::uint32_t id, Behaviour b) {
    society_.state[id] = b;
    society_.decision[id] = static_cast<std::uint8_t>(1U + static_cast<unsigned>(b));
    if (b == Behaviour::kActive) society_.history[id] |= kEverActive;
    if (b == Behaviour::kDissent) society_.history[id] |= kEverDissent;
  }
  // ... and each arrest it makes (rule C), in a deterministic order.
  void note_arrest(std::uint32_t id, CellIndex cell);
  void end_tick(EngineAccess& engine);

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
  std::span<const double> row(std::int64_t tick) const;
  std::span<const double> last_row() const { return row(static_cast<std::int64_t>(rows_) - 1); }
  std::size_t rows() const { return rows_; }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);
  std::uint64_t hash() const;

 private:
  void snapshot(const EngineAccess& engine);
  // Private dissenters and falsifiers among this tick's decisions, with the
  // grievance they decided on (before enforcement and sanctions move it).
  void count_falsification();
  void update_perception();
  void record_row();

  Society society_;
  struct Active {
    const MechanismInfo* info;
    std::unique_ptr<Mechanism> mechanism;
    std::size_t first_column;
  };
  std::vector<Active> active_;
  std::vector<std::uint8_t> confined_scratch_;
  std::uint64_t private_dissent_ = 0;
  std::uint64_t falsifiers_ = 0;
  std::uint64_t dissenting_ = 0;
  std::uint64_t detained_ = 0;
  std::size_t width_ = 0;
  double cost_cop_;  // [costs], per tick: a cop on duty, a citizen in jail, one detained
  double cost_jail_;
  double cost_detention_;
  std::size_t rows_ = 0;
  std::vector<double> table_;  // rows_ x width_, one row per tick from 0
};

}  // namespace panopticon
