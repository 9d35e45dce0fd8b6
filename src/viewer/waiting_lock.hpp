#pragma once
// A request's hold on a live model or world (viewer_session.cpp,
// world_viewer_session.cpp): counted while it waits, so that the runner
// thread, which at full speed steps back to back and would take the lock
// again at once every time, lets it in after the step it is on. The
// runner waits on `wake` for `waiting` to be 0 after every step.
#include <atomic>
#include <condition_variable>
#include <mutex>

namespace panopticon {

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

}  // namespace panopticon
