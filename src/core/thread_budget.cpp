#include "panopticon/thread_budget.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace panopticon {

ThreadBudget& ThreadBudget::process() {
  static ThreadBudget budget(omp_get_num_procs());
  return budget;
}

namespace {
// Whether this thread is counted in the budget already (a worker of
// run_side_by_side): its leases then count one thread fewer.
thread_local bool counted_already = false;
}  // namespace

ThreadBudget::Lease ThreadBudget::lease(int wanted) {
  const int own = counted_already ? 1 : 0;
  int in_use = in_use_.load();
  while (true) {
    // What is free, this thread included when it is counted already.
    const int free = total_.load() - in_use + own;
    const int size = wanted > 0 ? wanted : std::max(1, free);
    const int counted = size - own;
    if (in_use_.compare_exchange_weak(in_use, in_use + counted)) return {this, size, counted};
  }
}

void run_side_by_side(std::size_t n, const std::function<void(std::size_t)>& job, int workers) {
  ThreadBudget& budget = ThreadBudget::process();
  const int most = workers > 0 ? workers : std::max(1, budget.total() - budget.in_use());
  const auto count = static_cast<std::size_t>(std::max(1, most));
  const std::size_t threads = std::min(n, count);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    const ThreadBudget::Lease lease = budget.lease(1);
    counted_already = true;
    while (true) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        job(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next.store(n);  // stop handing out jobs
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace panopticon
