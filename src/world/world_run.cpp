#include "panopticon/world_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "panopticon/metrics.hpp"
#include "panopticon/random.hpp"
#include "panopticon/state_archive.hpp"
#include "panopticon/thread_budget.hpp"

namespace panopticon {

std::string_view to_string(Acquisition how) {
  switch (how) {
    case Acquisition::kHeld:
      return "held";
    case Acquisition::kEvent:
      return "event";
    case Acquisition::kAccepted:
      return "accepted";
  }
  return "held";
}

namespace {

enum class ExportPurpose : std::uint32_t { kAcceptance = 1 };

struct Loan {
  int year = 0;
  double principal = 0.0;
};

// Records are walked field by field: their padding bytes are indeterminate
// and must reach neither a checkpoint nor a state hash.
template <typename T, typename Walk>
void walk_records(StateArchive& a, const char* what, std::vector<T>& records, std::uint64_t most,
                  Walk walk_one) {
  std::uint64_t n = records.size();
  a.value(what, n);
  a.require(n <= most, std::string(what) + " holds more entries than possible");
  if (a.loading()) records.resize(n);
  for (T& r : records) walk_one(r);
}

void walk_loan(StateArchive& a, Loan& l) {
  a.value("a loan's year", l.year);
  a.value("a loan's principal", l.principal);
}

void walk_adoption(StateArchive& a, Adoption& x) {
  a.value("an adoption's year", x.year);
  a.value("an adoption's country", x.country);
  a.value("an adoption's package", x.package);
  a.value("an adoption's terms", x.terms);
  a.value("an adoption's price", x.price_usd);
  a.value("how a package came", x.how);
  a.value("an adoption's probability", x.probability);
}

void walk_offer(StateArchive& a, Offer& x) {
  a.value("an offer's year", x.year);
  a.value("an offer's country", x.country);
  a.value("an offer's package", x.package);
  a.value("an offer's terms", x.terms);
  a.value("an offer's priority", x.priority);
  a.value("an offer's unrest", x.inputs.unrest);
  a.value("an offer's crime", x.inputs.crime);
  a.value("an offer's demonstration", x.inputs.demonstration);
  a.value("an offer's neighbours", x.inputs.neighbours);
  a.value("an offer's openness", x.inputs.openness);
  a.value("an offer's price", x.inputs.price);
  a.value("an offer's probability", x.probability);
  // A bool through a byte: a crafted checkpoint's other values are refused.
  auto accepted = static_cast<std::uint8_t>(x.accepted ? 1 : 0);
  a.value("an offer accepted", accepted);
  a.require(accepted <= 1, "an offer neither accepted nor refused");
  x.accepted = accepted == 1;
  a.require(
      static_cast<std::size_t>(x.package) < kPackageCount && static_cast<std::size_t>(x.terms) < 3,
      "an offer of a package or on terms that do not exist");
}

// What the world keeps of one country between years.
struct CountryState {
  std::unique_ptr<Model> model;
  Scenario scenario;
  PackageSet held = 0;
  std::array<int, kPackageCount> adopted{};  // the year; meaningful where held
  std::array<Terms, kPackageCount> terms{};
  std::array<bool, kPackageCount> exported{};  // came from the exporter (not held at the start)
  std::optional<int> first_import;
  double openness = 0.0;
  double base_shift = 0.0;
  double shift_now = 0.0;
  std::map<std::string, double> trained;  // training's current values
  std::vector<Loan> loans;
  std::map<int, double> activations;  // per 1,000 citizens, by year
};

}  // namespace

class WorldRunner {
 public:
  WorldRunner(const WorldSpec& world, const WorldOptions& options)
      : w_(world),
        o_(options),
        stream_(RandomStreams(export_seed(world, options.replicate)).named("export")),
        activations_(metric_index("activations_per_tick")),
        offences_(metric_index("offences_per_1000")),
        jailed_(metric_index("mean_jailed")),
        detained_(metric_index("mean_detained")),
        cost_(metric_index("cost_per_1000_per_year")),
        outburst_ticks_(metric_index("outburst_ticks")) {
    threads_ = o_.threads > 0 ? o_.threads : ThreadBudget::process().total();
    year_ = w_.start_year - w_.burn_in_years;
    countries_.resize(w_.countries.size());
    if (!o_.owned.empty() && o_.owned.size() != countries_.size()) {
      throw std::logic_error("WorldOptions::owned has another size than the world's countries");
    }
    for (std::size_t i = 0; i < countries_.size(); ++i) {
      if (owns(i)) mine_.push_back(i);
    }
    run_side_by_side(
        countries_.size(),
        [&](std::size_t i) {
          CountryState& c = countries_[i];
          c.scenario = country_scenario(w_, i, o_.replicate);
          if (owns(i)) c.model = make_model(c.scenario);
          c.openness = w_.countries[i].openness;
          c.base_shift = c.scenario.params.get_float("dissent.hardship_shift");
          c.shift_now = c.base_shift;
        },
        threads_);
    // The exporter holds every package (its own simulation runs what its
    // scenario says): its neighbours see it so.
    countries_[w_.exporter].held = static_cast<PackageSet>((1U << kPackageCount) - 1U);
  }

  int next_year() const { return year_; }
  bool done() const { return year_ > w_.end_year; }

  void run_year() {
    const int year = year_;
    begin_year(year);
    run_side_by_side(
        mine_.size(), [&](std::size_t k) { countries_[mine_[k]].model->run(w_.ticks_per_year); },
        threads_);
    measure_year(year);
    if (year >= w_.start_year) institutional_feedback();
    if (o_.exports && w_.mode == WorldMode::kSimulated && year >= w_.start_year - 1 &&
        year < w_.end_year) {
      offer(year);
    }
    ++year_;
  }

  const WorldResult& results() const { return result_; }
  WorldResult finish() {
    for (CountryState& c : countries_)
      result_.state_hashes.push_back(c.model ? c.model->state_hash() : 0);
    if (o_.share_hashes) o_.share_hashes(result_.state_hashes);
    for (CountryState& c : countries_) {
      if (o_.keep_models) result_.models.push_back(std::move(c.model));
    }
    return std::move(result_);
  }

  void walk_state(StateArchive& a) {
    if (mine_.size() != countries_.size()) {
      throw std::logic_error("a world spread over processes has no checkpoint");
    }
    a.value("the world's next year", year_);
    a.require(year_ >= w_.start_year - w_.burn_in_years && year_ <= w_.end_year + 1,
              "the world's next year is outside its years");
    for (std::size_t i = 0; i < countries_.size(); ++i) walk_country(a, i);
    walk_records(a, "the pending offers", pending_, kMostEntries,
                 [&a](Offer& o) { walk_offer(a, o); });
    for (const Offer& o : pending_) {
      a.require(o.country < countries_.size(), "a pending offer to a country that does not exist");
    }
    walk_world_result(a, result_, countries_.size());
  }

 private:
  void begin_year(int year) {
    // What countries hold when the world starts is theirs from its first
    // (burn-in) year, with and without exports alike.
    if (year == w_.start_year - w_.burn_in_years) {
      for (std::size_t i = 0; i < countries_.size(); ++i) {
        for (const DatedPackage& d : w_.countries[i].holds) {
          take(i, d.package, d.terms, Acquisition::kHeld, 1.0, d.year, false);
        }
      }
    }
    if (year >= w_.start_year && o_.exports) {
      if (w_.mode == WorldMode::kHistorical) {
        for (std::size_t i = 0; i < countries_.size(); ++i) {
          for (const DatedPackage& d : w_.countries[i].events) {
            if (d.year == year) take(i, d.package, d.terms, Acquisition::kEvent, 1.0, year, true);
          }
        }
      } else {
        for (const Offer& offer : pending_) {
          take(offer.country, offer.package, offer.terms, Acquisition::kAccepted, offer.probability,
               year, true);
        }
      }
    }
    pending_.clear();
    // Training held from before the world starts goes on through the
    // burn-in years (its steps counted from the year it came); nothing is
    // financed before exports begin.
    for (std::size_t i = 0; i < countries_.size(); ++i) {
      train(i, year);
      finance(i, year);
    }
  }

  // Whether `mechanism` acts in the country's next tick (the first of
  // `year`): its scenario's own window covers it, or a package it holds
  // switched it on. One its scenario starts later, or stopped, is not
  // running: a package then switches it on from the next tick.
  bool runs_mechanism(const CountryState& c, std::string_view mechanism, int year) const {
    const std::string m(mechanism);
    const ParamValues& params = c.scenario.params;
    const auto next_tick = static_cast<double>(w_.year_start_tick(year) + 1);
    if (params.get_bool(m + ".enabled") &&
        static_cast<double>(params.get_int(m + ".start_tick")) <= next_tick &&
        next_tick <= params.get_float(m + ".end_tick")) {
      return true;
    }
    for (std::size_t p = 0; p < kPackageCount; ++p) {
      if ((c.held & package_bit(static_cast<Package>(p))) != 0 &&
          package_mechanism(static_cast<Package>(p)) == mechanism) {
        return true;
      }
    }
    return false;
  }

  void take(std::size_t i, Package package, Terms terms, Acquisition how, double probability,
            int year, bool exported) {
    CountryState& c = countries_[i];
    const auto p = static_cast<std::size_t>(package);
    if ((c.held & package_bit(package)) != 0) return;
    const std::string_view mechanism = package_mechanism(package);
    // A package held from before the world starts is taken in its first year.
    const int now = std::max(year, w_.start_year - w_.burn_in_years);
    if (!mechanism.empty() && !runs_mechanism(c, mechanism, now) && owns(i)) {
      c.model->adopt(std::string(mechanism));
    }
    c.held |= package_bit(package);
    c.adopted[p] = year;
    c.terms[p] = terms;
    c.exported[p] = exported;
    const CountrySpec& spec = w_.countries[i];
    double price = 0.0;
    // Training is know-how, not money: no price, no loan (as no relief).
    if (exported && package != Package::kTraining) {
      price = w_.financing.price_per_person[p] * spec.population * terms_price(terms);
      if (price > 0.0) c.loans.push_back({year, price});
      if (!c.first_import) c.first_import = year;
    }
    result_.adoptions.push_back({year, i, package, terms, price, how, probability});
  }

  void train(std::size_t i, int year) {
    CountryState& c = countries_[i];
    const auto t = static_cast<std::size_t>(Package::kTraining);
    if ((c.held & package_bit(Package::kTraining)) == 0) return;
    const int since = year - c.adopted[t];
    if (since < 1 || since > w_.training.years) return;
    for (const TrainingTarget& target : w_.training.targets) {
      const std::string mechanism = target.key.substr(0, target.key.find('.'));
      if (!runs_mechanism(c, mechanism, year)) continue;
      auto [at, fresh] = c.trained.try_emplace(target.key, 0.0);
      if (fresh) at->second = c.scenario.params.get_float(target.key);
      const double next = trained_value(w_.training, at->second, target.ceiling);
      if (next == at->second) continue;
      at->second = next;
      if (owns(i)) c.model->set_parameter(target.key, fmt::format("{}", next));
      result_.changes.push_back({year, i, target.key, next, "training"});
    }
  }

  void finance(std::size_t i, int year) {
    CountryState& c = countries_[i];
    double shift = c.base_shift;
    for (std::size_t p = 0; p < kPackageCount; ++p) {
      if ((c.held & package_bit(static_cast<Package>(p))) == 0 || !c.exported[p]) continue;
      // Training is know-how, not money: no relief and no debt.
      if (static_cast<Package>(p) == Package::kTraining) continue;
      // No price, no loan: relief only.
      const Terms terms = w_.financing.price_per_person[p] > 0.0 ? c.terms[p] : Terms::kFree;
      shift += financing_shift(w_.financing, terms, c.adopted[p], year);
    }
    shift = std::clamp(shift, -1.0, 1.0);
    if (shift == c.shift_now) return;
    c.shift_now = shift;
    if (owns(i)) c.model->set_parameter("dissent.hardship_shift", fmt::format("{}", shift));
    result_.changes.push_back({year, i, "dissent.hardship_shift", shift, "financing"});
  }

  void measure_year(int year) {
    const std::int64_t t0 = w_.year_start_tick(year);
    const std::size_t first = result_.years.size();
    result_.years.resize(first + countries_.size());
    run_side_by_side(
        mine_.size(),
        [&](std::size_t slot) {
          const std::size_t i = mine_[slot];
          CountryState& c = countries_[i];
          const Model& m = *c.model;
          const Headcount heads = headcount_of(m);
          CountryYear& y = result_.years[first + i];
          y.year = year;
          y.country = i;
          y.citizens = heads.citizens;
          y.metrics = window_metrics(m.results(), heads, m.scenario(),
                                     TickWindow{t0 + 1, t0 + w_.ticks_per_year, "year"});
          const double per_1000 = heads.citizens > 0.0 ? 1000.0 / heads.citizens : 0.0;
          const auto value = [&y](std::size_t k) {
            return std::isnan(y.metrics[k]) ? 0.0 : y.metrics[k];
          };
          y.activations_per_1000 = value(activations_) * w_.ticks_per_year * per_1000;
          y.offences_per_1000 = value(offences_) * w_.ticks_per_year;
          y.confined_per_1000 = (value(jailed_) + value(detained_)) * per_1000;
          y.unrest = unrest_index(value(outburst_ticks_), w_.ticks_per_year);
          y.crime = crime_index(w_.pull, y.offences_per_1000);
          y.hardship_shift = c.shift_now;
          y.packages = c.held;
          y.openness = c.openness;  // institutional feedback may lower it as the year ends
          const CountrySpec& spec = w_.countries[i];
          // The simulation's costs are per citizen agent; each stands for
          // persons_per_agent persons.
          y.spent_usd = value(cost_) * heads.citizens / 1000.0 * spec.persons_per_agent;
          double debt = 0.0;
          const int grace = w_.financing.grace_years;
          const int n = w_.financing.service_years;
          for (const Loan& loan : c.loans) {
            const int since = year - loan.year;
            const double installment = loan.principal / n;
            if (since >= grace && since - grace < n) y.spent_usd += installment;
            debt += loan.principal - installment * std::clamp(since - grace + 1, 0, n);
          }
          y.debt_usd = std::max(0.0, debt);
          c.activations[year] = y.activations_per_1000;
        },
        threads_);
    if (o_.share_year) {
      o_.share_year(std::span<CountryYear>(result_.years).subspan(first, countries_.size()));
      for (std::size_t i = 0; i < countries_.size(); ++i) {
        if (!owns(i))
          countries_[i].activations[year] = result_.years[first + i].activations_per_1000;
      }
    }
  }

  void institutional_feedback() {
    const InstitutionParameters& inst = w_.institutions;
    const std::size_t first = result_.years.size() - countries_.size();
    for (std::size_t i = 0; i < countries_.size(); ++i) {
      CountryState& c = countries_[i];
      CountryYear& y = result_.years[first + i];
      if (inst.enabled && i != w_.exporter) {
        int capacity = 0;
        for (std::size_t p = 0; p < kPackageCount; ++p) {
          const auto package = static_cast<Package>(p);
          capacity += package != Package::kTraining && (c.held & package_bit(package)) != 0 ? 1 : 0;
        }
        if (capacity >= inst.capacity_at && y.confined_per_1000 > inst.repression_at) {
          c.openness = std::max(0.0, c.openness - inst.rate);
        }
      }
      y.openness = c.openness;
    }
  }

  // The demonstration effect as `year` ends: each importer's gain since its
  // first import, against its own three years before it.
  double demonstration(int year) const {
    std::vector<double> gains;
    for (std::size_t j = 0; j < countries_.size(); ++j) {
      const CountryState& c = countries_[j];
      if (j == w_.exporter || !c.first_import || *c.first_import > year) continue;
      std::vector<double> before;
      std::vector<double> after;
      for (const auto& [y, a] : c.activations) {
        if (y < *c.first_import && y >= *c.first_import - 3) before.push_back(a);
        if (y >= *c.first_import && y <= year) after.push_back(a);
      }
      if (!before.empty() && !after.empty()) gains.push_back(demonstrated_gain(before, after));
    }
    return demonstration_effect(gains, w_.showcases, year);
  }

  // The exporter's offers for year + 1, decided as `year` ends.
  void offer(int year) {
    const std::size_t first = result_.years.size() - countries_.size();
    const double g = demonstration(year);
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < countries_.size(); ++i) {
      if (i == w_.exporter) continue;
      const CountryState& c = countries_[i];
      if (c.held == static_cast<PackageSet>((1U << kPackageCount) - 1U)) continue;
      const double priority = push_priority(w_.push, w_.countries[i], c.openness);
      if (priority >= w_.push.offer_at) ranked.emplace_back(priority, i);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (w_.push.offers_per_year > 0 &&
        ranked.size() > static_cast<std::size_t>(w_.push.offers_per_year)) {
      ranked.resize(static_cast<std::size_t>(w_.push.offers_per_year));
    }
    for (const auto& [priority, i] : ranked) {
      const CountryState& c = countries_[i];
      const CountryYear& y = result_.years[first + i];
      const Terms terms = push_terms(w_.push, priority);
      for (std::size_t p = 0; p < kPackageCount; ++p) {
        const auto package = static_cast<Package>(p);
        if ((c.held & package_bit(package)) != 0) continue;
        const std::vector<std::size_t>& around = w_.countries[i].neighbours;
        double holding = 0.0;
        for (const std::size_t j : around) {
          holding += (countries_[j].held & package_bit(package)) != 0 ? 1.0 : 0.0;
        }
        Offer o;
        o.year = year + 1;
        o.country = i;
        o.package = package;
        o.terms = terms;
        o.priority = priority;
        o.inputs = PullInputs{
            y.unrest,   y.crime,
            g,          around.empty() ? 0.0 : holding / static_cast<double>(around.size()),
            c.openness, terms_price(terms)};
        o.probability = acceptance_probability(w_.pull, o.inputs);
        Draws draw(stream_, ExportPurpose::kAcceptance, static_cast<std::uint32_t>(year),
                   static_cast<std::uint32_t>(i * kPackageCount + p));
        o.accepted = draw.next_unit() < o.probability;
        if (o.accepted) pending_.push_back(o);
        result_.offers.push_back(o);
      }
    }
  }

  static constexpr std::uint64_t kMostEntries = std::uint64_t{1} << 32U;

  void walk_country(StateArchive& a, std::size_t i) {
    CountryState& c = countries_[i];
    const std::string name = fmt::format("country \"{}\"", w_.countries[i].name);
    std::vector<unsigned char> model;
    if (a.saving()) model = c.model->snapshot().state;
    if (a.mode() == StateArchive::Mode::kHash) {
      std::uint64_t h = c.model->state_hash();
      a.value("a country's simulation", h);
    } else {
      a.vector_up_to("a country's simulation", model, kMostEntries);
    }
    if (a.loading()) {
      CheckpointReader in(fmt::format("(the simulation of {} in the world's checkpoint)", name),
                          model);
      c.model = load_model(c.scenario, in);
    }
    a.value("the packages held", c.held);
    for (std::size_t p = 0; p < kPackageCount; ++p) {
      a.value("an adoption year", c.adopted[p]);
      a.value("the terms", c.terms[p]);
      a.require(static_cast<std::size_t>(c.terms[p]) < 3, "terms that do not exist");
      a.value("whether a package was exported", c.exported[p]);
    }
    bool imported = c.first_import.has_value();
    int first = c.first_import.value_or(0);
    a.value("whether the country imported", imported);
    a.value("the first import", first);
    if (a.loading()) c.first_import = imported ? std::optional<int>(first) : std::nullopt;
    a.value("the openness", c.openness);
    a.value("the hardship shift", c.shift_now);
    std::uint64_t n = c.trained.size();
    a.value("the trained parameters", n);
    a.require(n <= w_.training.targets.size(), "more trained parameters than targets");
    if (a.loading()) {
      c.trained.clear();
      for (std::uint64_t k = 0; k < n; ++k) {
        std::string key;
        double v = 0.0;
        a.text("a trained parameter", key);
        a.value("a trained value", v);
        c.trained[key] = v;
      }
    } else {
      for (auto& [key, v] : c.trained) {
        std::string k = key;
        a.text("a trained parameter", k);
        a.value("a trained value", v);
      }
    }
    walk_records(a, "the loans", c.loans, kMostEntries, [&a](Loan& l) { walk_loan(a, l); });
    std::vector<int> years;
    std::vector<double> values;
    for (const auto& [y, v] : c.activations) {
      years.push_back(y);
      values.push_back(v);
    }
    a.vector_up_to("the years of activations", years, kMostEntries);
    a.vector("the yearly activations", values, years.size());
    if (a.loading()) {
      c.activations.clear();
      for (std::size_t k = 0; k < years.size(); ++k) c.activations[years[k]] = values[k];
    }
  }

  bool owns(std::size_t i) const { return o_.owned.empty() || o_.owned[i]; }

  const WorldSpec& w_;
  WorldOptions o_;
  std::vector<std::size_t> mine_;  // the countries whose simulations run here
  int year_ = 0;
  RandomStream stream_;
  std::size_t activations_;
  std::size_t offences_;
  std::size_t jailed_;
  std::size_t detained_;
  std::size_t cost_;
  std::size_t outburst_ticks_;
  int threads_ = 1;
  std::vector<CountryState> countries_;
  std::vector<Offer> pending_;
  WorldResult result_;
};

const WorldResult& WorldSimulation::results_so_far() const {
  return runner_->results();
}

WorldSimulation::WorldSimulation(const WorldSpec& world, const WorldOptions& options)
    : runner_(std::make_unique<WorldRunner>(world, options)) {}
WorldSimulation::~WorldSimulation() = default;
int WorldSimulation::next_year() const {
  return runner_->next_year();
}
bool WorldSimulation::done() const {
  return runner_->done();
}
void WorldSimulation::run_year() {
  runner_->run_year();
}
WorldResult WorldSimulation::finish() {
  return runner_->finish();
}
void WorldSimulation::walk_state(StateArchive& archive) {
  runner_->walk_state(archive);
}

WorldResult run_world(const WorldSpec& world, const WorldOptions& options) {
  WorldSimulation simulation(world, options);
  while (!simulation.done()) simulation.run_year();
  return simulation.finish();
}

void walk_world_result(StateArchive& a, WorldResult& r, std::size_t countries) {
  constexpr std::uint64_t kMost = std::uint64_t{1} << 32U;
  walk_records(a, "the adoptions", r.adoptions, kMost, [&a](Adoption& x) { walk_adoption(a, x); });
  walk_records(a, "the offers", r.offers, kMost, [&a](Offer& x) { walk_offer(a, x); });
  for (const Adoption& x : r.adoptions) {
    a.require(x.country < countries && static_cast<std::size_t>(x.package) < kPackageCount &&
                  static_cast<std::size_t>(x.terms) < 3 && static_cast<std::size_t>(x.how) < 3,
              "an adoption of a country, a package, terms or a way that does not exist");
  }
  for (const Offer& x : r.offers) {
    a.require(x.country < countries && static_cast<std::size_t>(x.package) < kPackageCount &&
                  static_cast<std::size_t>(x.terms) < 3,
              "an offer to a country, of a package or on terms that do not exist");
  }
  std::uint64_t n = r.changes.size();
  a.value("the parameter changes", n);
  a.require(n <= kMost, "too many parameter changes");
  if (a.loading()) r.changes.resize(n);
  for (WorldParameterChange& c : r.changes) {
    a.value("a change's year", c.year);
    a.value("a change's country", c.country);
    a.require(c.country < countries, "a change of a country that does not exist");
    a.text("a change's key", c.key);
    a.value("a change's value", c.value);
    a.text("a change's reason", c.why);
  }
  n = r.years.size();
  a.value("the country years", n);
  a.require(n <= kMost, "too many country years");
  if (a.loading()) r.years.resize(n);
  const std::uint64_t metrics = metric_specs().size();
  for (CountryYear& y : r.years) {
    a.value("a year", y.year);
    a.value("a year's country", y.country);
    a.require(y.country < countries, "a year of a country that does not exist");
    a.value("citizens", y.citizens);
    a.vector("a year's metrics", y.metrics, metrics);
    a.value("activations", y.activations_per_1000);
    a.value("offences", y.offences_per_1000);
    a.value("confinement", y.confined_per_1000);
    a.value("unrest", y.unrest);
    a.value("crime", y.crime);
    a.value("openness", y.openness);
    a.value("hardship shift", y.hardship_shift);
    a.value("spending", y.spent_usd);
    a.value("debt", y.debt_usd);
    a.value("packages", y.packages);
  }
  a.vector_up_to("the final state hashes", r.state_hashes, countries);
}

}  // namespace panopticon
