#include "panopticon/world_viewer_session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "stepping.hpp"

namespace panopticon {

namespace {

constexpr double kFastestYears = 100.0;

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json package_names(PackageSet set) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    if ((set & package_bit(static_cast<Package>(p))) != 0) {
      out.push_back(std::string(package_name(static_cast<Package>(p))));
    }
  }
  return out;
}

}  // namespace

WorldViewerSession::WorldViewerSession(WorldSpec world, int threads) : spec_(std::move(world)) {
  options_.exports = true;
  options_.threads = threads;
  world_ = std::make_unique<WorldSimulation>(spec_, options_);
  {
    const std::scoped_lock lock(world_mutex_);
    publish();
  }
  runner_ = std::thread([this] { run_loop(); });
}

WorldViewerSession::~WorldViewerSession() {
  {
    const WaitingLock lock(world_mutex_, waiting_, wake_);
    stopping_ = true;
  }
  wake_.notify_all();
  runner_.join();
}

void WorldViewerSession::publish() {
  const WorldResult& r = world_->results_so_far();
  const std::scoped_lock lock(view_mutex_);
  if (rows_.size() > r.years.size()) rows_.clear();  // a reset
  rows_.insert(rows_.end(), r.years.begin() + static_cast<std::ptrdiff_t>(rows_.size()),
               r.years.end());
  adoptions_ = r.adoptions;
  next_year_ = world_->next_year();
  done_ = world_->done();
  ran_.notify_all();
}

void WorldViewerSession::run_year_locked() {
  if (world_->done()) return;
  world_->run_year();
  publish();
}

void WorldViewerSession::run_loop() {
  std::unique_lock lock(world_mutex_);
  step_while_running(
      lock, wake_, waiting_, running_, stopping_, speed_, [this] { return world_->done(); },
      [this] { run_year_locked(); });
}

nlohmann::json WorldViewerSession::state_locked() const {
  return {{"running", running_},
          {"speed", speed_},
          {"next_year", world_->next_year()},
          {"done", world_->done()}};
}

nlohmann::json WorldViewerSession::info() const {
  nlohmann::json out;
  {
    const WaitingLock lock(world_mutex_, waiting_, wake_);
    out = state_locked();
  }
  out["kind"] = "world";
  out["name"] = spec_.source;
  out["first_year"] = spec_.start_year - spec_.burn_in_years;
  out["start_year"] = spec_.start_year;
  out["last_year"] = spec_.end_year;
  out["exports"] = true;
  nlohmann::json countries = nlohmann::json::array();
  for (std::size_t i = 0; i < spec_.countries.size(); ++i) {
    const CountrySpec& c = spec_.countries[i];
    countries.push_back({{"index", i},
                         {"name", c.name},
                         {"region", c.region},
                         {"exporter", i == spec_.exporter},
                         {"openness", c.openness},
                         {"population", c.population}});
  }
  out["countries"] = countries;
  nlohmann::json packages = nlohmann::json::array();
  for (std::size_t p = 0; p < kPackageCount; ++p) {
    packages.push_back(std::string(package_name(static_cast<Package>(p))));
  }
  out["packages"] = packages;
  out["metrics"] = nlohmann::json::array({
      {{"name", "unrest"}, {"label", "unrest U"}},
      {{"name", "crime"}, {"label", "crime C"}},
      {{"name", "activations_per_1000"}, {"label", "activations per 1,000"}},
      {{"name", "offences_per_1000"}, {"label", "offences per 1,000"}},
      {{"name", "confined_per_1000"}, {"label", "confined per 1,000"}},
      {{"name", "openness"}, {"label", "openness"}},
      {{"name", "debt_usd"}, {"label", "debt (USD)"}},
  });
  return out;
}

nlohmann::json WorldViewerSession::years(std::int64_t from) const {
  const std::scoped_lock lock(view_mutex_);
  const auto total = static_cast<std::int64_t>(rows_.size());
  const std::int64_t first = std::clamp<std::int64_t>(from, 0, total);
  nlohmann::json rows = nlohmann::json::array();
  for (std::int64_t k = first; k < total; ++k) {
    const CountryYear& y = rows_[static_cast<std::size_t>(k)];
    rows.push_back({{"year", y.year},
                    {"country", y.country},
                    {"unrest", number(y.unrest)},
                    {"crime", number(y.crime)},
                    {"activations_per_1000", number(y.activations_per_1000)},
                    {"offences_per_1000", number(y.offences_per_1000)},
                    {"confined_per_1000", number(y.confined_per_1000)},
                    {"openness", number(y.openness)},
                    {"debt_usd", number(y.debt_usd)},
                    {"packages", package_names(y.packages)}});
  }
  nlohmann::json adoptions = nlohmann::json::array();
  for (const Adoption& a : adoptions_) {
    adoptions.push_back({{"year", a.year},
                         {"country", a.country},
                         {"package", std::string(package_name(a.package))},
                         {"terms", std::string(terms_name(a.terms))},
                         {"how", std::string(to_string(a.how))}});
  }
  return {{"next_year", next_year_}, {"done", done_}, {"rows_total", total},
          {"from", first},           {"rows", rows},  {"adoptions", adoptions}};
}

nlohmann::json WorldViewerSession::control(const nlohmann::json& request) {
  if (!request.is_object() || !request.contains("action") || !request["action"].is_string()) {
    throw std::invalid_argument(
        "a control is {\"action\": \"start\", \"pause\", \"step\" or \"reset\"}");
  }
  const std::string action = request["action"].get<std::string>();
  const WaitingLock lock(world_mutex_, waiting_, wake_);
  speed_ = control_speed(request, speed_, kFastestYears, "years");
  if (action == "start") {
    running_ = true;
  } else if (action == "pause") {
    running_ = false;
  } else if (action == "step") {
    running_ = false;
    run_year_locked();
  } else if (action == "reset") {
    running_ = false;
    world_ = std::make_unique<WorldSimulation>(spec_, options_);
    {
      const std::scoped_lock view(view_mutex_);
      rows_.clear();
      adoptions_.clear();
    }
    publish();
  } else {
    throw std::invalid_argument("unknown action \"" + action +
                                "\"; allowed: start, pause, step, reset");
  }
  return state_locked();
}

void WorldViewerSession::wait_for_year(int year) const {
  std::unique_lock lock(view_mutex_);
  ran_.wait_for(lock, std::chrono::seconds(120), [&] { return done_ || next_year_ > year; });
}

}  // namespace panopticon
