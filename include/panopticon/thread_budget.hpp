#pragma once
// The process's threads, shared by every model that runs in it. A model
// whose scenario leaves model.threads at 0 ("one per core") takes, for each
// tick, a lease on what the budget has free (at least its own thread), so
// that a hundred models stepped side by side on a pool do not each start a
// team as large as the machine. A model with model.threads = N takes N,
// counted against the budget whatever it has free (an explicit choice).
// The thread that asks is part of its lease: a worker of
// run_side_by_side(), counted once by its pool, adds only the threads
// beyond itself. Results never depend on the team a tick gets
// (synchronous.hpp).
#include <atomic>
#include <cstddef>
#include <functional>

namespace panopticon {

class ThreadBudget {
 public:
  explicit ThreadBudget(int threads) : total_(threads < 1 ? 1 : threads) {}
  ThreadBudget(const ThreadBudget&) = delete;
  ThreadBudget& operator=(const ThreadBudget&) = delete;

  // The process's budget: every core (omp_get_num_procs) unless set.
  static ThreadBudget& process();

  int total() const { return total_.load(); }
  void set_total(int threads) { total_.store(threads < 1 ? 1 : threads); }
  int in_use() const { return in_use_.load(); }

  // Threads held from the budget until the lease ends.
  class Lease {
   public:
    Lease(ThreadBudget* budget, int size, int counted)
        : budget_(budget), size_(size), counted_(counted) {}
    Lease(Lease&& other) noexcept
        : budget_(other.budget_), size_(other.size_), counted_(other.counted_) {
      other.budget_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (budget_ != nullptr) budget_->in_use_.fetch_sub(counted_);
    }
    int size() const { return size_; }

   private:
    ThreadBudget* budget_;
    int size_;     // the team
    int counted_;  // what it takes from the budget (the team less a thread already counted)
  };
  // A team of `wanted` threads, the caller's own included (0: the caller
  // and as many as are free), never fewer than 1: the caller's own thread
  // runs whatever the budget says.
  Lease lease(int wanted);

 private:
  std::atomic<int> total_;
  std::atomic<int> in_use_{0};
};

// Runs job(0) .. job(n - 1), each on one thread, on up to `workers` threads
// at once (0: what the process's budget has free, at least one), each
// worker counted once in the budget; the first exception a job throws is
// rethrown once every worker has stopped. Jobs must not depend on the order
// they run in.
void run_side_by_side(std::size_t n, const std::function<void(std::size_t)>& job, int workers = 0);

}  // namespace panopticon
