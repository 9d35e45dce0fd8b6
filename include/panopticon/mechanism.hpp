#pragma once
// A mechanism of the social compliance system (mechanisms.md, section 2):
// one module that declares everything it owns (its parameters, its
// per-citizen columns, its results, the phases it acts in) and keeps the rest
// of its state behind one walk for save, load and hash. Each lives in one
// file of src/mechanisms/ that begins its registration with
//   PANOPTICON_MECHANISM(name, order) { ... return info; }
// The build generates the registry from those files (cmake/
// MechanismRegistry.cmake, as LAMMPS generates its style lists), so adding
// a mechanism is its file, its doc page and its tests, with no other file
// edited. `order` places it in the order mechanisms act within a phase
// (compliance.hpp states the phases' order). A scenario switches it on with
// `[<name>] enabled = true`, from `start_tick` to `end_tick`; a running model
// with Model::adopt and Model::retire.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/columns.hpp"
#include "panopticon/engine_access.hpp"
#include "panopticon/live_parameters.hpp"
#include "panopticon/output_column.hpp"
#include "panopticon/parameter.hpp"
#include "panopticon/random.hpp"
#include "panopticon/results_table.hpp"
#include "panopticon/society.hpp"
#include "panopticon/state_archive.hpp"

namespace panopticon {

// The phases of a tick a mechanism acts in, as a mask (LAMMPS's
// Fix::setmask): the layer calls a mechanism only in the phases it names.
enum Phase : std::uint32_t {
  kPerceive = 1U << 0U,
  kEnforce = 1U << 1U,
  kObserve = 1U << 2U,
  kScore = 1U << 3U,
  kSanction = 1U << 4U,
  // Not a phase of its own: each arrest or detention, as it happens (rule C
  // during the engine's activation, warrants and detentions in enforce).
  kConfinement = 1U << 5U,
};
using PhaseMask = std::uint32_t;
inline constexpr std::array<Phase, 5> kPhases = {kPerceive, kEnforce, kObserve, kScore, kSanction};
std::string_view to_string(Phase phase);
// "perceive, observe": the phases of a mask, in the order of a tick.
std::string phase_names(PhaseMask mask);

struct MechanismInfo;

// What a mechanism is made with, when it is switched on (at tick 0, at its
// start_tick, by Model::adopt, or when a checkpoint is loaded).
struct MechanismContext {
  const MechanismInfo& info;
  Society& society;
  EngineAccess& engine;
  const ResultsTable& results;
  RandomStream stream;  // its own draws
  std::int64_t tick;    // the tick it starts acting in (a loaded checkpoint's tick)

  // The slot of one of its results, `<name>_<quantity>`; throws
  // std::logic_error for a quantity it does not declare.
  ResultSlot result(std::string_view quantity) const;
};

class Mechanism {
 public:
  Mechanism() = default;
  virtual ~Mechanism() = default;
  Mechanism(const Mechanism&) = delete;
  Mechanism& operator=(const Mechanism&) = delete;

  // As each tick begins, before perceive (and once when it is made):
  // reads this tick's values of its live parameters (those that follow a
  // schedule or were changed from code) and updates what derives from them.
  virtual void tune(Society& /*society*/, EngineAccess& /*engine*/) {}
  // Phases (compliance.hpp); a mechanism overrides those in its mask.
  virtual void perceive(Society& /*society*/) {}
  virtual void enforce(Society& /*society*/, EngineAccess& /*engine*/) {}
  virtual void observe(Society& /*society*/) {}
  virtual void score(Society& /*society*/) {}
  virtual void sanction(Society& /*society*/) {}
  // A citizen was arrested or detained just now (kConfinement).
  virtual void confinement(Society& /*society*/, const Confinement& /*what*/) {}
  // Writes this tick's values of its results, through the slots it resolved.
  virtual void record(const Society& /*society*/, const ResultRow& /*row*/) const {}
  // Switched off: undoes what it keeps in force outside its own columns
  // (the chill of its cameras, a widened cop vision, the fear it raised).
  // Its columns are dropped after.
  virtual void stop(Society& /*society*/, EngineAccess& /*engine*/) {}
  // Its own state beyond its columns, for checkpoints and the state hash:
  // one walk saves, loads (with the checks a crafted file needs) and hashes
  // it. What its constructor derives from the tick it was made in, or from
  // anything else a checkpoint does not restore, belongs here.
  virtual void walk_state(StateArchive& /*archive*/) {}
};

struct MechanismInfo {
  std::string name;   // the scenario table, the results' and columns' prefix (from the file)
  int order = 0;      // where it acts within a phase (from the file)
  std::string file;   // the file that declares it (from the build)
  std::string title;  // one line for docs
  PhaseMask phases = 0;
  std::string phase_note;  // what the docs add to the phases (may be empty)
  bool needs_network = false;
  // Full dotted names; the registry puts `enabled`, `start_tick` and
  // `end_tick` first.
  std::vector<ParamSpec> parameters;
  std::vector<ColumnSpec> columns;    // `<name>_<quantity>`, added to the store while it is on
  std::vector<OutputColumn> results;  // `<name>_<quantity>`, in the results table always
  std::function<std::unique_ptr<Mechanism>(const MechanismContext&)> create;
  // The most cop vision the mechanism adds at any tick, from the resolved
  // parameters (policing's technology), for the scenario's checks; may be
  // empty.
  std::function<double(const ParamValues&)> cop_vision_boost;
};

// Every mechanism, in the order they act within a phase.
const std::vector<MechanismInfo>& mechanism_registry();
const MechanismInfo* find_mechanism(std::string_view name);
// "did you mean cameras? One of policing, cameras, ..." for an unknown name.
std::string mechanism_suggestion(std::string_view name);

// One entry of the generated registry (the build's list of the files that
// declare a mechanism).
struct RegisteredMechanism {
  const char* name;
  int order;
  const char* file;
  MechanismInfo (*declare)();
};
// Defined by the generated registry an executable links (its own or the
// test tree's, which has one more mechanism).
std::span<const RegisteredMechanism> registered_mechanisms();

}  // namespace panopticon

// Begins a mechanism's registration in its file, at namespace
// panopticon::mechanisms (the generated registry declares it there):
//   PANOPTICON_MECHANISM(cameras, 200) { MechanismInfo m; ...; return m; }
#define PANOPTICON_MECHANISM(name, order) ::panopticon::MechanismInfo declare_##name()
