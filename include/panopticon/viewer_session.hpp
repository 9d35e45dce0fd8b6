#pragma once
// One live model behind `panopticon serve` (the viewer's server, apps/
// serve_command.cpp): stepped by a thread of its own at a chosen speed,
// started, paused, stepped and reset by the page, and changed between two
// ticks through the query API's adopt, retire and set_parameter
// (model.hpp). After every tick the session copies what the page shows (a
// frame, viewer_frame.hpp, and a row of each series) under a lock of its
// own, so that requests never wait for a tick to finish. The page sends
// parameter values and mechanism names only: no paths, no scenario text.
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "panopticon/model.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/viewer_frame.hpp"

namespace panopticon {

// What the page may change with a slider: a live parameter, its range.
struct ViewerSlider {
  std::string key;
  std::string label;
  double min = 0.0;
  double max = 1.0;
  double step = 0.01;
};
// The sliders a scenario's page shows: the key parameters that are live
// (legitimacy, cop density, camera coverage, monitored share, platform
// capacity, ...).
std::vector<ViewerSlider> viewer_sliders();
// The series the charts show, as results columns: actives, activations,
// dissent, the falsification gap, the confined, the listed, offences and
// cost (those the model's results have).
std::vector<std::string> viewer_series(const ResultsTable& results);

class ViewerSession {
 public:
  // With `force_layer` the scenario runs with the compliance layer always
  // on, so that any mechanism can be switched on from the page; without,
  // as its file says (plain Model I runs faster, and a switch is then
  // refused with the engine's message). `longest_side` bounds the frame
  // (viewer_frame.hpp).
  explicit ViewerSession(Scenario scenario, std::uint32_t longest_side = 500,
                         bool force_layer = true);
  ~ViewerSession();
  ViewerSession(const ViewerSession&) = delete;
  ViewerSession& operator=(const ViewerSession&) = delete;

  // GET /api/info
  nlohmann::json info() const;
  // GET /api/frame?have=T: the frame, or nullopt when the page has it.
  std::optional<std::string> frame(std::int64_t have) const;
  // GET /api/series?from=T: the rows from tick `from` on, and every event.
  nlohmann::json series(std::int64_t from) const;
  // POST /api/control: {"action": "start"|"pause"|"step"|"reset",
  // "ticks": n, "speed": ticks per second (0: as fast as it goes)}; throws
  // std::invalid_argument naming what is allowed.
  nlohmann::json control(const nlohmann::json& request);
  // POST /api/parameter and /api/mechanism: in force from the next tick;
  // throw ScenarioError (as the command line's --set and adopt do).
  nlohmann::json set_parameter(const std::string& key, const std::string& value);
  nlohmann::json set_mechanism(const std::string& name, bool on);

  // For tests: waits until the model has stepped to `tick` (or stopped).
  void wait_for_tick(std::int64_t tick) const;

 private:
  struct Event {
    std::int64_t tick = 0;
    std::string text;
  };
  void run_loop();
  // Copies the frame and the new rows of the series; model_mutex_ held.
  void publish();
  void step_locked(std::int64_t ticks);
  nlohmann::json add_event(std::string text);  // model_mutex_ held
  nlohmann::json state_locked() const;

  Scenario scenario_;
  std::uint32_t longest_side_;
  std::vector<ViewerSlider> sliders_;

  // The model and the runner's state.
  mutable std::mutex model_mutex_;
  mutable std::condition_variable wake_;
  mutable std::atomic<int> waiting_{0};  // requests waiting for model_mutex_
  std::unique_ptr<Model> model_;
  bool running_ = false;
  bool stopping_ = false;
  double speed_ = 10.0;
  std::vector<std::uint8_t> codes_;

  // What the page reads, copied after every tick.
  mutable std::mutex view_mutex_;
  mutable std::condition_variable stepped_;
  std::int64_t view_tick_ = -1;
  std::string frame_;
  std::vector<std::string> series_names_;
  std::vector<std::vector<double>> series_;  // [series][tick]
  std::vector<Event> events_;
  std::vector<std::string> on_;           // mechanisms on
  std::map<std::string, double> values_;  // the sliders' values now

  std::thread runner_;
};

}  // namespace panopticon
