#pragma once
// Running a world (world.hpp). Every country's simulation steps one year
// at a time, all in lockstep; between two years the world reads what each
// simulation measured, and the exporter's offers, the countries'
// acceptance, training, financing and institutional feedback act on the
// simulations from the tick the next year starts (Model::adopt,
// Model::set_parameter). The order of a year:
//   1. as the year starts: adoptions decided for it (historical events, or
//      accepted offers), then training's step and financing's hardship;
//   2. every country runs the year's ticks (side by side on threads);
//   3. each country's year is measured (CountryYear);
//   4. institutional feedback moves openness;
//   5. simulated mode: the exporter offers the next year's packages and
//      each country decides, by a draw of its own.
// Every draw is keyed by (seed, year, country, package), so results do not
// depend on the threads, and a world with exports and one without share
// every country's simulation draws (common random numbers).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "panopticon/export_model.hpp"
#include "panopticon/model.hpp"
#include "panopticon/world.hpp"

namespace panopticon {

struct CountryYear;

struct WorldOptions {
  int replicate = 0;         // country_seed() and export_seed() of this replicate
  bool exports = true;       // false: the same world without exports
  int threads = 0;           // countries side by side; 0: one per core
  bool keep_models = false;  // WorldResult::models holds the simulations
  // Spread over processes (distributed_world.hpp): the countries whose
  // simulations this process runs (empty: all), and how each year's
  // measured rows and the final state hashes reach every process. Every
  // process keeps the whole world's book (what each country holds, its
  // debts, its years) and decides the same offers from the same draws.
  std::vector<bool> owned;
  std::function<void(std::span<CountryYear> rows)> share_year;
  std::function<void(std::vector<std::uint64_t>& hashes)> share_hashes;
};

// How a country came to hold a package.
enum class Acquisition : std::uint8_t { kHeld, kEvent, kAccepted };
std::string_view to_string(Acquisition how);  // "held", "event", "accepted"

struct Adoption {
  int year = 0;
  std::size_t country = 0;
  Package package = Package::kCameras;
  Terms terms = Terms::kPaid;
  // What the country pays for it: the price per person x population x the
  // share the terms leave it (0 when free), all on a loan from the exporter.
  double price_usd = 0.0;
  Acquisition how = Acquisition::kHeld;
  double probability = 1.0;  // the acceptance probability of an offer; 1 otherwise
};

struct Offer {
  int year = 0;  // the year the package would be adopted in
  std::size_t country = 0;
  Package package = Package::kCameras;
  Terms terms = Terms::kPaid;
  double priority = 0.0;
  PullInputs inputs;
  double probability = 0.0;
  bool accepted = false;
};

// A parameter the world changed in a country's simulation as a year began.
struct WorldParameterChange {
  int year = 0;
  std::size_t country = 0;
  std::string key;
  double value = 0.0;
  std::string why;  // "training", "financing"
};

struct CountryYear {
  int year = 0;  // a calendar year; the burn-in's years are before start_year
  std::size_t country = 0;
  double citizens = 0.0;              // agents
  std::vector<double> metrics;        // window_metrics() over the year's ticks
  double activations_per_1000 = 0.0;  // per year
  double offences_per_1000 = 0.0;     // per year
  double confined_per_1000 = 0.0;     // mean jailed and detained
  double unrest = 0.0;                // U
  double crime = 0.0;                 // C
  double openness = 0.0;              // as the year ended
  double hardship_shift = 0.0;        // in force during the year
  double spent_usd = 0.0;   // the simulation's costs x persons_per_agent, plus packages paid
  double debt_usd = 0.0;    // loans outstanding as the year ended
  PackageSet packages = 0;  // held during the year
};

struct WorldResult {
  std::vector<Adoption> adoptions;  // by year, then country, then package
  std::vector<Offer> offers;
  std::vector<WorldParameterChange> changes;
  std::vector<CountryYear> years;              // by year, then country
  std::vector<std::uint64_t> state_hashes;     // each country's simulation at the end
  std::vector<std::unique_ptr<Model>> models;  // with WorldOptions::keep_models
};

class StateArchive;
class WorldRunner;

// A world that runs a year at a time, and whose whole state (every
// country's simulation, the exporter's and the countries' memory, the
// results so far) walks through a StateArchive: checkpoints resume it
// exactly (world_session.hpp).
class WorldSimulation {
 public:
  WorldSimulation(const WorldSpec& world, const WorldOptions& options);
  ~WorldSimulation();
  WorldSimulation(const WorldSimulation&) = delete;
  WorldSimulation& operator=(const WorldSimulation&) = delete;

  // The calendar year run_year() runs next (burn-in years first).
  int next_year() const;
  bool done() const;
  void run_year();
  // After done(): the results (and the models, with keep_models).
  WorldResult finish();
  // The years, adoptions, offers and changes so far (no state hashes or
  // models before finish()), for the live viewer.
  const WorldResult& results_so_far() const;
  // Saves, loads (the world and options must be those it was saved under)
  // or hashes the state.
  void walk_state(StateArchive& archive);

 private:
  std::unique_ptr<WorldRunner> runner_;
};

WorldResult run_world(const WorldSpec& world, const WorldOptions& options);

// A whole WorldResult through a StateArchive (the models excepted).
void walk_world_result(StateArchive& archive, WorldResult& result, std::size_t countries);

}  // namespace panopticon
