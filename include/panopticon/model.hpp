#pragma once
// A running model of one scenario, whatever its activation: what the run
// driver, the command line, experiments, the Python module and the viewer
// need. A model is a value-like object with no global state: many can run
// side by side, each can be stepped, queried, changed between two ticks,
// snapshotted into memory, cloned and hashed from outside. Two engines
// implement it (engine.hpp):
//   RandomSequentialSimulation  random-sequential activation (random_sequential.hpp)
//   SynchronousSimulation       synchronous activation, parallel (synchronous.hpp)
// make_model() picks one by the scenario's model.activation.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/columns.hpp"
#include "panopticon/results_table.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

class Compliance;

struct TickCounts {
  std::int64_t tick = 0;
  std::uint64_t quiet = 0;
  std::uint64_t active = 0;
  std::uint64_t jailed = 0;
  std::uint64_t cops = 0;
  std::uint64_t arrests = 0;  // arrests during this tick
  double legitimacy = 0.0;
};

// One value per citizen id (or per cell, as spec().scope says), read-only:
// a view of the engine's or the layer's storage where it is stored so, else
// a copy (the synchronous engine stores agents by cell). A view is valid
// until the model steps or changes.
class ColumnData {
 public:
  ColumnData() = default;
  // A view; `keep` shares the storage where the layer's column store holds
  // it (ColumnView::keep), so that the values outlive a removed column.
  ColumnData(ColumnSpec spec, const void* data, std::size_t size,
             std::shared_ptr<const void> keep = nullptr)
      : spec_(std::move(spec)), keep_(std::move(keep)), data_(data), size_(size) {}
  // A copy: the column owns its values.
  template <typename T>
  ColumnData(ColumnSpec spec, std::vector<T> values)
      : spec_(std::move(spec)),
        owned_(std::make_shared<std::vector<T>>(std::move(values))),
        size_(static_cast<const std::vector<T>*>(owned_.get())->size()) {
    data_ = static_cast<const std::vector<T>*>(owned_.get())->data();
  }

  const ColumnSpec& spec() const { return spec_; }
  ColumnType type() const { return spec_.type; }
  std::size_t size() const { return size_; }
  const void* data() const { return data_; }
  bool is_copy() const { return owned_ != nullptr; }
  // What keeps a view's storage alive (null for a copy, or for a view of
  // the engine's own storage, which lives as long as the model).
  const std::shared_ptr<const void>& storage() const { return keep_; }
  // The values as T, valid while this ColumnData lives (and, for a view,
  // until the model steps); throws std::logic_error when the column holds
  // another type.
  template <typename T>
  std::span<const T> values() const {
    if (column_type_of<T>() != spec_.type) {
      throw std::logic_error("the column " + spec_.name + " holds " +
                             std::string(to_string(spec_.type)) + ", not " +
                             std::string(to_string(column_type_of<T>())));
    }
    return {static_cast<const T*>(data_), size_};
  }

 private:
  ColumnSpec spec_;
  std::shared_ptr<const void> owned_;
  std::shared_ptr<const void> keep_;
  const void* data_ = nullptr;
  std::size_t size_ = 0;
};

// A model's whole state in memory (Box2D's world snapshot): restore() makes
// an independent model that continues from it exactly.
struct ModelSnapshot {
  Scenario scenario;
  std::int64_t tick = 0;
  std::vector<unsigned char> state;  // a checkpoint file's bytes
};

class Model {
 public:
  Model() = default;
  virtual ~Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // --- Stepping
  virtual void step() = 0;
  // Steps `ticks` times, or to model.steps.
  void run(std::int64_t ticks);
  void run_to_end();
  virtual std::int64_t tick() const = 0;
  virtual const TickCounts& counts() const = 0;
  virtual std::uint64_t citizen_count() const = 0;
  virtual const Scenario& scenario() const = 0;

  // --- Query API (for Python, the viewer, sweeps and the world)
  // The per-tick results, row t for tick t: Model I's counts, or the
  // compliance layer's columns and every mechanism's results.
  virtual const ResultsTable& results() const = 0;
  // The CellCode (agent_state.hpp) of every cell, row by row, into a buffer
  // of scenario().width x scenario().height bytes; throws
  // std::invalid_argument for a buffer of another size.
  virtual void cell_codes(std::span<std::uint8_t> out) const = 0;
  // The columns there are now: the model's own per-citizen ones (state,
  // cell, hardship, risk_aversion, legitimacy), then the layer's and those
  // of the mechanisms that are on, as declared (per citizen or per cell).
  virtual std::vector<ColumnSpec> columns() const = 0;
  // One of them; throws std::out_of_range, naming the columns there are,
  // for another name.
  virtual ColumnData column(std::string_view name) const = 0;
  // The mechanisms on now, in the order they act.
  virtual std::vector<std::string> active_mechanisms() const = 0;
  // The cops' vision now (policing's technology widens it while it is on).
  virtual double cop_vision() const = 0;

  // --- Changes between two ticks, in force from the next tick on. Each
  // is checked as a scenario is (ScenarioError, naming the key, the value
  // and what is allowed) and kept in checkpoints and snapshots.
  // Switches a mechanism on, with parameters of its own
  // (`coverage=0.5`, keys without the mechanism's prefix or with it).
  virtual void adopt(const std::string& mechanism, const std::vector<Override>& parameters) = 0;
  void adopt(const std::string& mechanism) { adopt(mechanism, {}); }
  virtual void retire(const std::string& mechanism) = 0;
  // A parameter that may change while a model runs (`live` in
  // `panopticon params`): a mechanism's intensity (a number or a schedule),
  // its switch and timing, legitimacy.initial or cops.density.
  virtual void set_parameter(const std::string& key, const std::string& value) = 0;

  // --- State
  // Every piece of state not derived from the scenario (checkpoint.hpp).
  virtual void save(CheckpointWriter& out) const = 0;
  // A hash of the whole state, for determinism checks; covers everything save() writes.
  virtual std::uint64_t state_hash() const = 0;
  ModelSnapshot snapshot() const;
  // An independent model in the same state (restore(snapshot())).
  std::unique_ptr<Model> clone() const;

  // The compliance layer (dissent layer and mechanisms), or nullptr when the
  // scenario runs plain Model I. For tests and the layer's own tools.
  virtual const Compliance* compliance() const = 0;
};

std::unique_ptr<Model> make_model(const Scenario& scenario);
// Continues from a checkpoint written by Model::save() under the same scenario.
std::unique_ptr<Model> load_model(const Scenario& scenario, CheckpointReader& in);
std::unique_ptr<Model> restore(const ModelSnapshot& snapshot);

}  // namespace panopticon
