#pragma once
// What both engines share: the tick skeleton, the query API, the changes
// made while a model runs, the results table and the checkpoint's common
// part. An engine adds how agents are stored and activated.
//
// The tick, stated here once for the engine's part (compliance.hpp states
// the layer's phases inside steps 2 and 4; docs/MODEL.md points here):
//   1. tick += 1; L(t) and the cop density from the live parameters; the
//      cop schedule (cop_schedule.hpp);
//   2. the compliance layer's begin_tick: mechanisms switched on or off,
//      tuned, perceive;
//   3. the engine's activation: rule A, rule M, rule C and the jail
//      countdown, in the engine's order (random_sequential.hpp,
//      synchronous.hpp);
//   4. the layer's end_tick: snapshot, enforce, observe, score, sanction;
//   5. the tick's counts and its row of the results table.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/compliance.hpp"
#include "panopticon/cop_schedule.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/live_parameters.hpp"
#include "panopticon/model.hpp"
#include "panopticon/model_core.hpp"
#include "panopticon/results_table.hpp"

namespace panopticon {

// The columns of a plain Model I results table, declared once (docs and
// both engines use them): quiet, active, jailed, cops, arrests, legitimacy.
std::span<const OutputColumn> model_columns();
// The model's own per-citizen columns of the query API, whatever the engine:
// state, cell, hardship, risk_aversion, legitimacy.
std::span<const ColumnSpec> model_citizen_columns();
// The first part of every checkpoint of a model, whatever its engine (and
// of a simulation split across MPI ranks): the lattice's width and height
// (checked against the scenario's), the tick, the last tick's arrest count,
// the changes made while it ran and the results table.
void walk_model_header(StateArchive& archive, const Scenario& scenario, std::int64_t& tick,
                       std::uint64_t& arrests, LiveParameters& live, ResultsTable& results);
// Refuses a checkpoint whose model state (next in `in`) is of another
// lattice than `scenario`'s, before anything of the lattice's size is
// allocated; the state stays unread.
void check_state_lattice(const CheckpointReader& in, const Scenario& scenario);
// A model's results table for a scenario: Model I's or the layer's columns.
ResultsTable results_for(const Scenario& scenario);
// The counts as a row of a Model I results table.
void write_model_row(const TickCounts& counts, const ResultRow& row);

class Engine : public Model, protected ModelCore, protected EngineAccess {
 public:
  void step() final;
  std::int64_t tick() const final { return tick_; }
  const TickCounts& counts() const final { return counts_; }
  std::uint64_t citizen_count() const final { return citizens_; }
  const Scenario& scenario() const final { return scenario_; }
  const ResultsTable& results() const final { return results_; }
  void cell_codes(std::span<std::uint8_t> out) const final;
  std::vector<ColumnSpec> columns() const final;
  ColumnData column(std::string_view name) const final;
  std::vector<std::string> active_mechanisms() const final;
  double cop_vision() const final { return cop_vision_radius_; }
  void adopt(const std::string& mechanism, const std::vector<Override>& parameters) final;
  void retire(const std::string& mechanism) final;
  void set_parameter(const std::string& key, const std::string& value) final;
  void save(CheckpointWriter& out) const final;
  std::uint64_t state_hash() const override;
  const Compliance* compliance() const final { return compliance_.get(); }
  const LiveParameters& live_parameters() const { return live_; }

 protected:
  explicit Engine(const Scenario& scenario);
  // Construction ends with start(): the concrete engine has placed its
  // agents (fresh) or read them after read_header() (from a checkpoint);
  // start() makes the layer and records row 0, or reads the layer's state.
  void start();
  void start(CheckpointReader& in);
  void read_header(CheckpointReader& in);

  // The engine's part of a tick (step 3), and of the model.
  virtual void activate() = 0;
  // Quiet, active, jailed and cops as the engine holds them.
  virtual TickCounts count_agents() const = 0;
  virtual CopRoster& cop_roster() = 0;
  virtual void save_agents(CheckpointWriter& out) const = 0;
  // A hash of the agents and of the engine's own state.
  virtual std::uint64_t agents_hash() const = 0;
  // CellCode per cell as the engine knows it (no DISSENT or DETAINED).
  virtual void agent_cell_codes(std::span<std::uint8_t> out) const = 0;
  // The engine's own per-citizen columns: state, cell, hardship, risk_aversion.
  virtual ColumnData agent_column(const ColumnSpec& spec) const = 0;
  // The cop vision was rebuilt (cop_vision_ holds the new one).
  virtual void cop_vision_changed() {}
  // Runs the cop schedule: when overridden (a strip of a split simulation), by other means.
  virtual void schedule_cops();
  // Threads the engine asks of the budget for a tick (thread_budget.hpp);
  // 0: a share of what is free. team_ holds what it got.
  virtual int wanted_threads() const { return 1; }

  // EngineAccess, the parts the engines share.
  std::int32_t jail_term_for(std::uint32_t id) const final;
  void widen_cop_vision(const std::string& who, double cells) final;

  // The tick's counts and row (step 5): record_row() counts too.
  void count();
  void record_row();

  Scenario scenario_;
  LiveParameters live_;
  LiveParameters::Number legitimacy_schedule_;
  LiveParameters::Number cop_density_;
  ResultsTable results_;
  std::unique_ptr<Compliance> compliance_;  // null: plain Model I
  std::uint64_t citizens_ = 0;
  std::uint64_t initial_cops_ = 0;
  std::uint64_t arrests_this_tick_ = 0;
  std::int64_t tick_ = 0;
  double legitimacy_ = 0.0;
  double cop_vision_radius_ = 0.0;
  std::map<std::string, double> cop_vision_widened_;  // by mechanism
  TickCounts counts_;
  int team_ = 1;  // threads this tick's work may use

 private:
  // Checks a change as a scenario is checked, and records it from the next tick.
  void change(const std::string& key, const std::string& value, const SourcePlace& place);
  void start_layer();
};

}  // namespace panopticon
