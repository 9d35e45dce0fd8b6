#pragma once
// A world (mechanisms.md section 5, docs/mechanisms/export.md): countries,
// each a full simulation of its own scenario at its own scale, stepping in
// lockstep a simulated year at a time, and one exporter that offers them
// the packages of its compliance system. This header is what a world file
// says, read and checked (world_file.cpp); world_run.hpp runs it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/parameter.hpp"
#include "panopticon/scenario.hpp"

namespace panopticon {

// What the exporter sells. Each package but training switches one mechanism
// on in the importer's simulation; training improves the parameters of the
// mechanisms the importer runs (TrainingParameters).
enum class Package : std::uint8_t {
  kCameras,       // cameras with face recognition -> cameras
  kTelecom,       // telecom monitoring -> telecom
  kIdCard,        // the ID card tied to benefits -> id_card
  kPolicing,      // high-tech policing -> policing
  kSocialCredit,  // social credit know-how -> social_credit
  kPlatform,      // the data-fusion platform -> ijop
  kTraining,      // seminars and know-how [S28]
};
inline constexpr std::size_t kPackageCount = 7;
// "cameras", "telecom", "id_card", "policing", "social_credit", "platform", "training".
std::string_view package_name(Package package);
// The mechanism a package switches on; "" for training.
std::string_view package_mechanism(Package package);
std::optional<Package> find_package(std::string_view name);
// "cameras, telecom, ...", for messages.
std::string package_list();
// A set of packages, one bit per Package.
using PackageSet = std::uint8_t;
inline constexpr PackageSet package_bit(Package p) {
  return static_cast<PackageSet>(1U << static_cast<unsigned>(p));
}

// Free (a grant), partly free (half a grant, half a concessional loan) or
// paid (the whole price on a loan tied to the sale) [S25][S66].
enum class Terms : std::uint8_t { kFree, kPartlyFree, kPaid };
std::string_view terms_name(Terms terms);  // "free", "partly_free", "paid"
std::optional<Terms> find_terms(std::string_view name);

// historical: adoptions are the dated events of the world file; simulated:
// they emerge from push and pull, the events are not used.
enum class WorldMode : std::uint8_t { kHistorical, kSimulated };

struct DatedPackage {
  Package package = Package::kCameras;
  int year = 0;
  Terms terms = Terms::kPaid;
  std::string source;  // the [Sn] key of the event, or "illustrative"
  SourcePlace place;
};

struct CountrySpec {
  std::string name;
  SourcePlace place;  // where the world file declares it
  std::filesystem::path scenario;
  SourcePlace scenario_place;  // of its scenario key
  // More parameters of its simulation ([country.set]), as --set takes them.
  std::vector<Override> set;
  std::string region;
  // By name as written, and resolved (indices into WorldSpec::countries);
  // none written: every other country of its region.
  std::vector<std::string> neighbour_names;
  std::vector<SourcePlace> neighbour_places;
  std::vector<std::size_t> neighbours;
  double population = 0.0;               // persons
  double persons_per_agent = 0.0;        // persons a citizen agent stands for
  double openness = 0.5;                 // 0: closed autocracy .. 1: liberal democracy
  std::optional<double> legitimacy;      // legitimacy.initial; none: the scenario's
  std::optional<double> hardship_shift;  // dissent.hardship_shift; none: the scenario's
  std::optional<double> crime;           // crime.rate; none: the scenario's
  bool belt_and_road = false;
  double strategic_value = 0.0;      // to the exporter, 0..1
  double debt_exposure = 0.0;        // 0..1
  std::vector<DatedPackage> holds;   // held when the world starts
  std::vector<DatedPackage> events;  // historical mode: adoptions by year
  // Its scenario as the world runs it, resolved when the world loads (what
  // world.json records, whatever happens to the file during the run).
  struct AsRun {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    double legitimacy = 0.0;
    double hardship_shift = 0.0;
    double crime = 0.0;
  };
  AsRun as_run;
  // The citizen agents its simulation holds: population / persons_per_agent.
  double agents() const { return population / persons_per_agent; }
};

// The pull: a country accepts an offered package in a year with
//   p = 1 - exp(-rate x max(0, 1 - price_sensitivity x price)),
//   rate = unrest U + crime C + (1 - openness)^openness_exponent
//          x (base + unrest_regime U + demonstration G + neighbours N),
// each term weighted by its coefficient (export_model.hpp). With openness
// 1 and no unrest and no crime the rate is 0: such a country never adopts.
// The coefficients are the modelling defaults' relative weights (base
// 0.02, unrest 0.05, crime 0.05, unrest_regime 0.3, demonstration 0.1,
// neighbours 0.1) scaled by one factor, 0.369, calibrated on the synthetic
// world to the share of countries with Chinese AI surveillance by 2019,
// 63 of 176 [S25] (experiments/world-calibration.toml, run by
// scripts/world_calibration.py; docs/mechanisms/export.md, Calibration).
struct PullParameters {
  double base = 0.00738;
  double unrest = 0.01845;
  double crime = 0.01845;
  double unrest_regime = 0.1107;
  double demonstration = 0.0369;
  double neighbours = 0.0369;
  // Multiplies the six coefficients above together (the rate): the one
  // factor a calibration varies (experiments/world-calibration.toml).
  double scale = 1.0;
  double openness_exponent = 2.0;
  double price_sensitivity = 0.5;
  // C = 1 - exp(-offences per 1,000 citizens per year / this).
  double crime_reference = 100.0;
};

// The push: each year the exporter ranks the importers by priority
// (a weighted mean of Belt and Road membership, strategic value, debt
// exposure and alignment, 1 - openness) and offers every package they lack
// to the first offers_per_year of those at offer_at or above, strategic
// partners first. The priority sets the terms.
struct PushParameters {
  double membership = 1.0;
  double strategic = 1.0;
  double debt = 1.0;
  double alignment = 1.0;
  int offers_per_year = 0;  // 0: no cap
  double offer_at = 0.25;
  double free_at = 0.8;         // priority for free terms
  double partly_free_at = 0.5;  // for partly free terms
};

// A showcase (the 2008 Olympics, a digital summit): in its year and the
// following ones it adds `boost` to the demonstration effect, fading by
// half every `half_life` years.
struct Showcase {
  std::string name;
  int year = 0;
  double boost = 0.0;
  double half_life = 2.0;
  SourcePlace place;
  SourcePlace year_place;
};

// Training: in each of `years` years after it is adopted, each target
// parameter of a mechanism the country runs moves `rate` of the way from
// its value to its ceiling.
struct TrainingTarget {
  std::string key;  // a live parameter
  double ceiling = 0.0;
};
struct TrainingParameters {
  int years = 5;
  double rate = 0.2;
  std::vector<TrainingTarget> targets;
};

// Financing (illustrative): each financed package (free or partly free, or
// paid on a loan) lowers the importer's hardship by `relief` for
// `relief_years`; a loaned one raises it by `debt_service` x the share
// loaned from `grace_years` after adoption for `service_years`. Prices are
// US$ per person of the importer's population.
struct FinancingParameters {
  double relief = 0.02;
  int relief_years = 3;
  double debt_service = 0.03;
  int grace_years = 4;
  int service_years = 10;
  double price_per_person[kPackageCount] = {};
};

// Institutional feedback [S40] (off by default): an importer running at
// least `capacity_at` packages (training aside) whose mean confined (jailed
// and detained) over a year is above `repression_at` per 1,000 citizens
// loses `rate` of openness that year.
struct InstitutionParameters {
  bool enabled = false;
  double rate = 0.02;
  int capacity_at = 2;
  double repression_at = 5.0;
};

// Drawn countries for calibration and aggregate statistics ([synthetic]):
// each parameter from a stated distribution, by the world's seed.
struct Distribution {
  enum class Kind : std::uint8_t { kConstant, kUniform, kLogUniform, kBeta, kBernoulli };
  Kind kind = Kind::kConstant;
  double a = 0.0;  // constant: the value; uniform and log-uniform: min; beta: alpha; bernoulli: p
  double b = 0.0;  // uniform and log-uniform: max; beta: beta
};
struct SyntheticCountries {
  int count = 0;
  int regions = 1;
  std::filesystem::path scenario;
  std::vector<Override> set;
  double agents = 10000.0;  // per country
  Distribution population{Distribution::Kind::kLogUniform, 1e6, 1e8};
  Distribution openness{Distribution::Kind::kBeta, 1.2, 1.2};
  Distribution legitimacy{Distribution::Kind::kUniform, 0.7, 0.9};
  Distribution hardship_shift{Distribution::Kind::kUniform, -0.1, 0.1};
  Distribution crime{Distribution::Kind::kLogUniform, 0.0005, 0.004};
  Distribution belt_and_road{Distribution::Kind::kBernoulli, 0.55, 0.0};
  Distribution strategic_value{Distribution::Kind::kBeta, 1.5, 3.0};
  Distribution debt_exposure{Distribution::Kind::kBeta, 1.5, 3.0};
  std::uint64_t seed = 1;
  SourcePlace place;  // of the [synthetic] table
};

struct WorldSpec {
  std::string source;  // the world file
  WorldMode mode = WorldMode::kHistorical;
  int start_year = 2008;
  int end_year = 2019;  // inclusive
  // Years each country runs alone before start_year (no exports): its
  // outbursts of the start settle, and adopters have years before adoption
  // to be measured against.
  int burn_in_years = 2;
  int ticks_per_year = 52;
  std::uint64_t seed = 1;  // country i of replicate r runs with country_seed(world, i, r)
  int short_years = 3;     // the short term: this many years from a country's first import
  int long_years = 3;      // the long term: the last this many years
  // The exporter (an index into countries): it holds every package and
  // offers them; its own simulation runs as its scenario says.
  std::size_t exporter = 0;
  std::vector<CountrySpec> countries;
  PullParameters pull;
  PushParameters push;
  TrainingParameters training;
  FinancingParameters financing;
  InstitutionParameters institutions;
  std::vector<Showcase> showcases;
  bool has_synthetic = false;  // a [synthetic] table drew some of its countries

  int years() const { return end_year - start_year + 1; }
  // The tick year `year` starts after (its first tick is this + 1).
  std::int64_t year_start_tick(int year) const {
    return static_cast<std::int64_t>(burn_in_years + (year - start_year)) * ticks_per_year;
  }
  std::int64_t total_ticks() const {
    return static_cast<std::int64_t>(burn_in_years + years()) * ticks_per_year;
  }
};

// The largest world file read, and the most countries a world holds.
inline constexpr std::uint64_t kMostWorldFileBytes = 4ULL << 20U;
inline constexpr std::size_t kMostCountries = 2000;

// Reads and checks a world file; throws ScenarioError naming the file, the
// line, the country and the key. Country scenarios are loaded and checked
// too (country_scenario() for each), so a world that loads runs.
// `overrides` set keys of the world's own tables as --set does for a
// scenario ("pull.base=0.05", "world.seed=3", "push.offers_per_year=10"),
// each checked as the file's value would be, its place "--set KEY=VALUE".
WorldSpec load_world(const std::filesystem::path& path,
                     const std::vector<Override>& overrides = {});
// The same from text; scenario paths are relative to `base_dir`. A world
// of more than `most_countries` is refused as one of more than
// kMostCountries is (the fuzz target keeps its inputs quick this way).
WorldSpec parse_world(std::string_view toml_text, const std::string& source_name,
                      const std::filesystem::path& base_dir,
                      std::size_t most_countries = kMostCountries,
                      const std::vector<Override>& overrides = {});

// Country i's scenario as its world runs it: its file with the world's
// overrides (ticks_per_year, steps, seed, one thread, the compliance
// layer always on, the lattice for its agents, legitimacy, hardship shift,
// crime and its [set]). Replicate r adds r x 1,000,003 to the seed.
Scenario country_scenario(const WorldSpec& world, std::size_t country, int replicate = 0);
// The memory a run of the world needs: every country's simulation
// (memory_estimate.hpp), all held at once.
double estimate_world_memory(const WorldSpec& world);
// Country i's model.seed in replicate r: derived_seed(world.seed, i, r)
// (random.hpp), the same with and without exports (common random numbers).
std::uint64_t country_seed(const WorldSpec& world, std::size_t country, int replicate);
// The seed of the export's own draws (offers, acceptance) in replicate r:
// derived from world.seed and r, apart from every country's.
std::uint64_t export_seed(const WorldSpec& world, int replicate);
// The overrides country_scenario() applies, in order.
std::vector<Override> country_overrides(const WorldSpec& world, std::size_t country,
                                        int replicate = 0);

}  // namespace panopticon
