#include "panopticon/viewer_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <variant>

#include "panopticon/agent_state.hpp"
#include "panopticon/compliance.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/society.hpp"
#include "stepping.hpp"

namespace panopticon {

namespace {

// The most ticks one "step" request may ask for, and the fastest speed.
constexpr std::int64_t kMostTicksPerStep = 100000;
constexpr double kFastestSpeed = 1000.0;

Scenario with_layer(Scenario scenario, bool force) {
  if (force) scenario.compliance_forced = true;
  return scenario;
}

double number_of(const ParamValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nan("");
}

}  // namespace

std::vector<ViewerSlider> viewer_sliders() {
  // key, label, the slider's own upper end where the parameter's is far
  // beyond what a page needs (0: the parameter's).
  struct Pick {
    const char* key;
    const char* label;
    double max;
  };
  static constexpr Pick picks[] = {
      {"legitimacy.initial", "legitimacy", 0},
      {"cops.density", "cop density", 0.2},
      {"cameras.coverage", "camera coverage", 0},
      {"telecom.monitored", "monitored share", 0},
      {"ijop.capacity", "platform capacity (per 10,000)", 50},
      {"social_credit.list_at", "listing threshold (violations)", 10},
      {"denunciation.p_report", "denunciation: chance to report", 0},
      {"public_punishment.p_public", "public punishment: share made public", 0},
      {"narratives.reach", "narratives: reach", 0},
  };
  std::vector<ViewerSlider> out;
  for (const Pick& p : picks) {
    const ParamSpec* spec = find_parameter(p.key);
    if (spec == nullptr || !spec->live) continue;
    ViewerSlider s;
    s.key = p.key;
    s.label = p.label;
    s.min = spec->min;
    s.max = p.max > 0 ? std::min(p.max, spec->max) : spec->max;
    s.step = spec->type == ParamType::kInt ? 1.0 : (s.max - s.min) / 100.0;
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> viewer_series(const ResultsTable& results) {
  static const char* const wanted[] = {
      "active", "activations", "dissent",           "falsification_gap", "confined",
      "jailed", "detained",    "blacklisted_share", "offences",          "cost_total",
  };
  std::vector<std::string> out;
  for (const char* name : wanted) {
    if (results.find(name)) out.emplace_back(name);
  }
  return out;
}

ViewerSession::ViewerSession(Scenario scenario, std::uint32_t longest_side, bool force_layer)
    : scenario_(with_layer(std::move(scenario), force_layer)),
      longest_side_(longest_side),
      sliders_(viewer_sliders()),
      model_(make_model(scenario_)),
      codes_(static_cast<std::size_t>(scenario_.width) * scenario_.height) {
  for (const ViewerSlider& s : sliders_) {
    const auto at = scenario_.params.values.find(s.key);
    if (at != scenario_.params.values.end()) values_[s.key] = number_of(at->second);
  }
  {
    const std::scoped_lock lock(model_mutex_);
    publish();
  }
  runner_ = std::thread([this] { run_loop(); });
}

ViewerSession::~ViewerSession() {
  {
    const WaitingLock lock(model_mutex_, waiting_, wake_);
    stopping_ = true;
  }
  wake_.notify_all();
  runner_.join();
}

void ViewerSession::publish() {
  model_->cell_codes(codes_);
  std::vector<std::uint8_t> cameras;
  const Compliance* layer = model_->compliance();
  if (layer != nullptr) {
    const auto camera = layer->society().columns.find<std::uint8_t>("cameras_camera");
    if (camera) cameras.assign(camera.begin(), camera.end());
  }
  std::string frame =
      encode_frame(codes_, cameras, scenario_.width, scenario_.height, model_->tick(),
                   frame_shape(scenario_.width, scenario_.height, longest_side_));
  const ResultsTable& results = model_->results();
  std::vector<std::string> on = model_->active_mechanisms();

  const std::scoped_lock lock(view_mutex_);
  if (series_names_.empty()) {
    series_names_ = viewer_series(results);
    series_.assign(series_names_.size(), {});
  }
  for (std::size_t k = 0; k < series_names_.size(); ++k) {
    const ResultSlot slot = results.slot(series_names_[k]);
    std::vector<double>& s = series_[k];
    if (s.size() > results.rows()) s.clear();  // a reset
    for (std::size_t t = s.size(); t < results.rows(); ++t) s.push_back(results.at(t, slot));
  }
  frame_ = std::move(frame);
  view_tick_ = model_->tick();
  on_ = std::move(on);
  stepped_.notify_all();
}

void ViewerSession::step_locked(std::int64_t ticks) {
  for (std::int64_t i = 0; i < ticks; ++i) {
    model_->step();
    publish();
  }
}

void ViewerSession::run_loop() {
  std::unique_lock lock(model_mutex_);
  // The scenario's end stops the runner; "step" goes on past it.
  step_while_running(
      lock, wake_, waiting_, running_, stopping_, speed_,
      [this] { return model_->tick() >= scenario_.steps; }, [this] { step_locked(1); });
}

nlohmann::json ViewerSession::state_locked() const {
  return {{"tick", model_->tick()}, {"running", running_}, {"speed", speed_}};
}

nlohmann::json ViewerSession::info() const {
  nlohmann::json out;
  const FrameShape shape = frame_shape(scenario_.width, scenario_.height, longest_side_);
  {
    const WaitingLock lock(model_mutex_, waiting_, wake_);
    out = state_locked();
  }
  out["scenario"] = scenario_.source;
  out["width"] = scenario_.width;
  out["height"] = scenario_.height;
  out["frame_width"] = shape.width;
  out["frame_height"] = shape.height;
  out["block"] = shape.block;
  out["steps"] = scenario_.steps;
  nlohmann::json codes = nlohmann::json::array();
  for (std::uint8_t c = 0; c < kCellCodeCount; ++c) {
    codes.push_back({{"code", c}, {"name", std::string(to_string(static_cast<CellCode>(c)))}});
  }
  out["cell_codes"] = codes;
  const std::scoped_lock lock(view_mutex_);
  out["series"] = series_names_;
  nlohmann::json sliders = nlohmann::json::array();
  for (const ViewerSlider& s : sliders_) {
    const auto v = values_.find(s.key);
    sliders.push_back({{"key", s.key},
                       {"label", s.label},
                       {"min", s.min},
                       {"max", s.max},
                       {"step", s.step},
                       {"value", v == values_.end() ? s.min : v->second}});
  }
  out["parameters"] = sliders;
  nlohmann::json mechanisms = nlohmann::json::array();
  for (const MechanismInfo& m : mechanism_registry()) {
    const bool on = std::ranges::find(on_, m.name) != on_.end();
    mechanisms.push_back({{"name", m.name}, {"on", on}, {"title", m.title}});
  }
  out["mechanisms"] = mechanisms;
  return out;
}

std::optional<std::string> ViewerSession::frame(std::int64_t have) const {
  const std::scoped_lock lock(view_mutex_);
  if (have == view_tick_) return std::nullopt;
  return frame_;
}

nlohmann::json ViewerSession::series(std::int64_t from) const {
  const std::scoped_lock lock(view_mutex_);
  const std::int64_t rows = series_.empty() ? 0 : static_cast<std::int64_t>(series_[0].size());
  const std::int64_t first = std::clamp<std::int64_t>(from, 0, rows);
  nlohmann::json ticks = nlohmann::json::array();
  for (std::int64_t t = first; t < rows; ++t) ticks.push_back(t);
  nlohmann::json columns = nlohmann::json::object();
  for (std::size_t k = 0; k < series_names_.size(); ++k) {
    nlohmann::json values = nlohmann::json::array();
    for (std::int64_t t = first; t < rows; ++t) {
      const double v = series_[k][static_cast<std::size_t>(t)];
      if (std::isfinite(v)) {
        values.push_back(v);
      } else {
        values.push_back(nullptr);  // JSON has no NaN: a gap in the line
      }
    }
    columns[series_names_[k]] = values;
  }
  nlohmann::json events = nlohmann::json::array();
  for (const Event& e : events_) events.push_back({{"tick", e.tick}, {"text", e.text}});
  return {{"tick", view_tick_},
          {"from", first},
          {"ticks", ticks},
          {"columns", columns},
          {"events", events}};
}

nlohmann::json ViewerSession::control(const nlohmann::json& request) {
  if (!request.is_object() || !request.contains("action") || !request["action"].is_string()) {
    throw std::invalid_argument(
        "a control is {\"action\": \"start\", \"pause\", \"step\" or \"reset\"}");
  }
  const std::string action = request["action"].get<std::string>();
  const WaitingLock lock(model_mutex_, waiting_, wake_);
  speed_ = control_speed(request, speed_, kFastestSpeed, "ticks");
  if (action == "start") {
    running_ = true;
  } else if (action == "pause") {
    running_ = false;
  } else if (action == "step") {
    std::int64_t ticks = 1;
    if (request.contains("ticks")) {
      const nlohmann::json& t = request["ticks"];
      if (!t.is_number_integer() || t.get<std::int64_t>() < 1 ||
          t.get<std::int64_t>() > kMostTicksPerStep) {
        throw std::invalid_argument(
            fmt::format("ticks must be a whole number from 1 to {}", kMostTicksPerStep));
      }
      ticks = t.get<std::int64_t>();
    }
    running_ = false;
    step_locked(ticks);
  } else if (action == "reset") {
    running_ = false;
    model_ = make_model(scenario_);
    {
      const std::scoped_lock view(view_mutex_);
      events_.clear();
      for (auto& s : series_) s.clear();
      for (const ViewerSlider& s : sliders_) {
        const auto at = scenario_.params.values.find(s.key);
        if (at != scenario_.params.values.end()) values_[s.key] = number_of(at->second);
      }
    }
    publish();
  } else {
    throw std::invalid_argument("unknown action \"" + action +
                                "\"; allowed: start, pause, step, reset");
  }
  return state_locked();  // the lock's end wakes the runner
}

nlohmann::json ViewerSession::add_event(std::string text) {
  const std::scoped_lock lock(view_mutex_);
  events_.push_back({model_->tick() + 1, std::move(text)});
  return {{"tick", events_.back().tick}, {"text", events_.back().text}};
}

nlohmann::json ViewerSession::set_parameter(const std::string& key, const std::string& value) {
  const WaitingLock lock(model_mutex_, waiting_, wake_);
  model_->set_parameter(key, value);
  const nlohmann::json event = add_event(key + " = " + value);
  {
    const std::scoped_lock view(view_mutex_);
    if (values_.contains(key)) {
      try {
        values_[key] = std::stod(value);
      } catch (const std::exception&) {
        // A schedule: the slider keeps its last number.
      }
    }
  }
  return {{"ok", true}, {"event", event}};
}

nlohmann::json ViewerSession::set_mechanism(const std::string& name, bool on) {
  const WaitingLock lock(model_mutex_, waiting_, wake_);
  if (on) {
    model_->adopt(name, {});
  } else {
    model_->retire(name);
  }
  const nlohmann::json event = add_event((on ? "adopt " : "retire ") + name);
  return {{"ok", true}, {"event", event}};
}

void ViewerSession::wait_for_tick(std::int64_t tick) const {
  std::unique_lock lock(view_mutex_);
  stepped_.wait_for(lock, std::chrono::seconds(60), [&] { return view_tick_ >= tick; });
}

}  // namespace panopticon
