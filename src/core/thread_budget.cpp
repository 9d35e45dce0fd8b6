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

ThreadBudget::Lease ThreadBudget::lease(int wanted) {
  int in_use = in_use_.load();
  while (true) {
    const int free = total_.load() - in_use;
    const int want = wanted > 0 ? wanted : free;
    const int size = std::max(1, std::min(want, std::max(free, 1)));
    if (in_use_.compare_exchange_weak(in_use, in_use + size)) return {this, size};
  }
}

void run_side_by_side(std::size_t n, const std::function<void(std::size_t)>& job, int workers) {
  ThreadBudget& budget = ThreadBudget::process();
  const int most = workers > 0 ? workers : budget.total();
  const auto count = static_cast<std::size_t>(std::max(1, most));
  const std::size_t threads = std::min(n, count);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    const ThreadBudget::Lease lease = budget.lease(1);
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
