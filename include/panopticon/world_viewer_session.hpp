#pragma once
// One live world behind `panopticon serve WORLD.toml` (docs/viewer.md, The
// world view): the world with exports, stepped a simulated year at a time
// by a thread of its own at a chosen speed (years per second), started,
// paused, stepped and reset by the page, which shows the countries as small
// multiples with their adoption timelines. As ViewerSession does, it
// copies what the page reads after every year, so that requests never wait
// for a year to finish.
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "panopticon/world.hpp"
#include "panopticon/world_run.hpp"

namespace panopticon {

class WorldViewerSession {
 public:
  // `threads`: countries side by side (0: one per core).
  WorldViewerSession(WorldSpec world, int threads = 0);
  ~WorldViewerSession();
  WorldViewerSession(const WorldViewerSession&) = delete;
  WorldViewerSession& operator=(const WorldViewerSession&) = delete;

  // GET /api/world/info
  nlohmann::json info() const;
  // GET /api/world/years?from=N: the country-year rows from the N-th on,
  // and every adoption so far.
  nlohmann::json years(std::int64_t from) const;
  // POST /api/control: {"action": "start"|"pause"|"step"|"reset", "speed":
  // years per second (0: as fast as it goes)}; throws std::invalid_argument.
  nlohmann::json control(const nlohmann::json& request);

  // For tests: waits until `year` has run (or the world is done).
  void wait_for_year(int year) const;

 private:
  void run_loop();
  void run_year_locked();
  void publish();  // world_mutex_ held
  nlohmann::json state_locked() const;

  WorldSpec spec_;
  WorldOptions options_;

  mutable std::mutex world_mutex_;
  mutable std::condition_variable wake_;
  mutable std::atomic<int> waiting_{0};
  std::unique_ptr<WorldSimulation> world_;
  bool running_ = false;
  bool stopping_ = false;
  double speed_ = 2.0;

  mutable std::mutex view_mutex_;
  mutable std::condition_variable ran_;
  int next_year_ = 0;
  bool done_ = false;
  std::vector<CountryYear> rows_;
  std::vector<Adoption> adoptions_;

  std::thread runner_;
};

}  // namespace panopticon
