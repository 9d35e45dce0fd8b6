#pragma once
// What the two live sessions (viewer_session.cpp: a model a tick at a
// time; world_viewer_session.cpp: a world a year at a time) share: the
// runner thread's loop, a request's hold on what it steps, and the speed a
// control may ask for.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace panopticon {

// A request's hold on a live model or world: counted while it waits, so
// that the runner thread, which at full speed steps back to back and would
// take the lock again at once every time, lets it in after the step it is
// on (step_while_running waits on `wake` for `waiting` to be 0).

class WaitingLock {
 public:
  WaitingLock(std::mutex& m, std::atomic<int>& waiting, std::condition_variable& wake)
      : wake_(wake) {
    ++waiting;
    lock_ = std::unique_lock(m);
    --waiting;
  }
  ~WaitingLock() {
    if (lock_.owns_lock()) lock_.unlock();
    wake_.notify_all();
  }
  WaitingLock(const WaitingLock&) = delete;
  WaitingLock& operator=(const WaitingLock&) = delete;

 private:
  std::condition_variable& wake_;
  std::unique_lock<std::mutex> lock_;
};

// The runner thread's loop, `lock` held on entry: while running, a step
// (`step()`, until `done()`: then running stops), a pause of 1 / speed
// seconds (speed 0: none), then the requests waiting; until stopping.
template <typename Done, typename Step>
void step_while_running(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                        const std::atomic<int>& waiting, bool& running, const bool& stopping,
                        const double& speed, Done done, Step step) {
  while (!stopping) {
    wake.wait(lock, [&] { return stopping || running; });
    if (stopping) break;
    if (done()) {
      running = false;
      continue;
    }
    step();
    if (speed > 0) {
      wake.wait_for(lock, std::chrono::duration<double>(1.0 / speed),
                    [&] { return stopping || !running; });
    }
    wake.wait(lock, [&] { return waiting == 0 || stopping; });
  }
}

// A control's "speed" (steps per second, 0: as fast as it goes, at most
// `fastest`), or `current` when it asks for none; std::invalid_argument
// naming what is allowed otherwise.
inline double control_speed(const nlohmann::json& request, double current, double fastest,
                            const char* steps) {
  if (!request.contains("speed")) return current;
  const nlohmann::json& s = request["speed"];
  if (!s.is_number() || !std::isfinite(s.get<double>()) || s.get<double>() < 0 ||
      s.get<double>() > fastest) {
    throw std::invalid_argument(
        fmt::format("speed must be a number of {} per second from 0 (as fast as it goes) to {}",
                    steps, fastest));
  }
  return s.get<double>();
}

}  // namespace panopticon
