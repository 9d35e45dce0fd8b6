#include "panopticon/world_session.hpp"

#include <fmt/format.h>

#include <memory>

#include "panopticon/checkpoint.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/state_archive.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

std::string dated_text(const std::vector<DatedPackage>& list) {
  std::string out;
  for (const DatedPackage& d : list) {
    out += fmt::format("{}:{}:{};", package_name(d.package), d.year, terms_name(d.terms));
  }
  return out;
}

// Where the session stands: the worlds finished, the replicate whose
// world with exports is done (when the one without runs), and the world
// running now.
struct SessionState {
  std::vector<WorldReplicate> done;
  std::optional<WorldResult> current_with;
  int replicate = 0;
  int phase = 0;  // 0: with exports, 1: without
};

WorldOptions options_for(const WorldSessionOptions& o, const SessionState& s) {
  WorldOptions world = o.world;
  world.replicate = s.replicate;
  world.exports = s.phase == 0;
  return world;
}

void walk_session(StateArchive& a, SessionState& s, const WorldSpec& w,
                  const WorldSessionOptions& o, std::string& fingerprint,
                  std::unique_ptr<WorldSimulation>& running) {
  const std::string expected = fingerprint;
  a.text("the world's fingerprint", fingerprint);
  a.require(fingerprint == expected,
            "was written for another world (the world file, a country's scenario or the "
            "program's version changed since); run afresh with --force");
  int replicates = o.replicates;
  bool baseline = o.baseline;
  a.value("the replicates", replicates);
  a.value("whether a baseline runs", baseline);
  a.require(replicates == o.replicates,
            fmt::format("was written for --replicates {}, not {}", replicates, o.replicates));
  a.require(baseline == o.baseline, fmt::format("was written {} a baseline (--no-baseline)",
                                                baseline ? "with" : "without"));
  std::uint64_t done = s.done.size();
  a.value("the worlds finished", done);
  a.require(done <= static_cast<std::uint64_t>(o.replicates), "more worlds finished than asked");
  if (a.loading()) s.done.resize(done);
  for (WorldReplicate& r : s.done) {
    a.value("a replicate", r.replicate);
    walk_world_result(a, r.with, w.countries.size());
    bool without = r.without.has_value();
    a.value("whether a baseline ran", without);
    if (a.loading() && without) r.without.emplace();
    if (without) walk_world_result(a, *r.without, w.countries.size());
  }
  a.value("the replicate running", s.replicate);
  a.value("the world running", s.phase);
  a.require(s.replicate >= 0 && s.replicate < o.replicates && (s.phase == 0 || s.phase == 1),
            "a world running that is not asked for");
  if (s.phase == 1) {
    if (a.loading()) s.current_with.emplace();
    walk_world_result(a, *s.current_with, w.countries.size());
  }
  if (a.loading()) {
    running = std::make_unique<WorldSimulation>(w, options_for(o, s));
  }
  running->walk_state(a);
}

}  // namespace

std::string world_fingerprint(const WorldSpec& w) {
  std::string text;
  try {
    text = read_input_file(w.source, "world file", kMostWorldFileBytes);
  } catch (const InputFileError&) {
    text = w.source;  // a world parsed from text in memory
  }
  text += kVersion;
  // How seeds derive from world.seed (country_seed, export_seed): a
  // checkpoint of another scheme holds simulations of other seeds.
  text += fmt::format(" seeds {} {}", country_seed(w, 1, 1), export_seed(w, 1));
  // The world's own parameters as resolved, --set included.
  const PullParameters& p = w.pull;
  const PushParameters& q = w.push;
  text += fmt::format(
      "\nmode {} years {}-{} burn {} tpy {} seed {} windows {} {} exporter {}"
      "\npull {} {} {} {} {} {} {} {} {}\npush {} {} {} {} {} {} {} {}"
      "\ntraining {} {}",
      static_cast<int>(w.mode), w.start_year, w.end_year, w.burn_in_years, w.ticks_per_year, w.seed,
      w.short_years, w.long_years, w.exporter, p.base, p.unrest, p.crime, p.unrest_regime,
      p.demonstration, p.neighbours, p.openness_exponent, p.price_sensitivity, p.crime_reference,
      q.membership, q.strategic, q.debt, q.alignment, q.offers_per_year, q.offer_at, q.free_at,
      q.partly_free_at, w.training.years, w.training.rate);
  text += fmt::format(" scale {}", p.scale);
  for (const TrainingTarget& t : w.training.targets)
    text += fmt::format(" {}={}", t.key, t.ceiling);
  const FinancingParameters& f = w.financing;
  text += fmt::format("\nfinancing {} {} {} {} {}", f.relief, f.relief_years, f.debt_service,
                      f.grace_years, f.service_years);
  for (const double price : f.price_per_person) text += fmt::format(" {}", price);
  const InstitutionParameters& inst = w.institutions;
  text += fmt::format("\ninstitutions {} {} {} {}", inst.enabled, inst.rate, inst.capacity_at,
                      inst.repression_at);
  for (const Showcase& s : w.showcases) {
    text += fmt::format("\nshowcase {} {} {} {}", s.name, s.year, s.boost, s.half_life);
  }
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    const CountrySpec& c = w.countries[i];
    text += fmt::format("\n{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|", c.name, c.region, c.population,
                        c.persons_per_agent, c.openness, c.belt_and_road, c.strategic_value,
                        c.debt_exposure, dated_text(c.holds), dated_text(c.events));
    for (const std::size_t j : c.neighbours) text += fmt::format("{},", j);
    text += to_toml(country_scenario(w, i));
  }
  return fmt::format("{:016x}", fnv1a64(text.data(), text.size()));
}

std::optional<std::vector<WorldReplicate>> run_world_session(const WorldSpec& w,
                                                             const WorldSessionOptions& o) {
  std::string fingerprint = world_fingerprint(w);
  SessionState s;
  std::unique_ptr<WorldSimulation> running;
  const std::int64_t years_per_world = w.burn_in_years + w.years();
  const std::int64_t total =
      static_cast<std::int64_t>(o.replicates) * (o.baseline ? 2 : 1) * years_per_world;
  if (o.resume) {
    CheckpointReader in(o.checkpoint);
    StateArchive a(in);
    walk_session(a, s, w, o, fingerprint, running);
    in.expect_end();
  }
  const auto years_done = [&] {
    const std::int64_t worlds =
        static_cast<std::int64_t>(s.replicate) * (o.baseline ? 2 : 1) + s.phase;
    const std::int64_t in_world =
        running ? running->next_year() - (w.start_year - w.burn_in_years) : 0;
    return worlds * years_per_world + in_world;
  };
  const auto save = [&] {
    CheckpointWriter out;
    StateArchive a(out);
    walk_session(a, s, w, o, fingerprint, running);
    out.write(o.checkpoint);
  };
  std::int64_t since_checkpoint = 0;
  while (s.replicate < o.replicates) {
    if (!running) {
      running = std::make_unique<WorldSimulation>(w, options_for(o, s));
    }
    while (!running->done()) {
      running->run_year();
      ++since_checkpoint;
      const std::int64_t done = years_done();
      if (o.on_progress) o.on_progress(done, total);
      const bool stop = o.stop_after_years > 0 && done >= o.stop_after_years;
      if (!o.checkpoint.empty() && (since_checkpoint >= o.checkpoint_years || stop)) {
        save();
        since_checkpoint = 0;
      }
      if (stop) return std::nullopt;
    }
    WorldResult result = running->finish();
    running.reset();
    if (s.phase == 0 && o.baseline) {
      s.current_with = std::move(result);
      s.phase = 1;
      continue;
    }
    WorldReplicate r;
    r.replicate = s.replicate;
    if (s.phase == 1) {
      r.with = std::move(*s.current_with);
      r.without = std::move(result);
      s.current_with.reset();
    } else {
      r.with = std::move(result);
    }
    s.done.push_back(std::move(r));
    s.phase = 0;
    ++s.replicate;
  }
  return std::move(s.done);
}

}  // namespace panopticon
