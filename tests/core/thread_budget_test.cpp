#include "panopticon/thread_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace panopticon {
namespace {

// A share (0) is what is free, at least the caller's own thread; an
// explicit number is that number, counted against the budget.
TEST(ThreadBudget, ASharesIsWhatIsFreeAnExplicitCountIsKept) {
  ThreadBudget budget(4);
  {
    const ThreadBudget::Lease a = budget.lease(3);
    EXPECT_EQ(a.size(), 3);
    const ThreadBudget::Lease b = budget.lease(0);  // one free
    EXPECT_EQ(b.size(), 1);
    const ThreadBudget::Lease c = budget.lease(0);  // none free: the caller's own thread
    EXPECT_EQ(c.size(), 1);
    const ThreadBudget::Lease d = budget.lease(2);  // asked for: 2, whatever is free
    EXPECT_EQ(d.size(), 2);
    EXPECT_EQ(budget.in_use(), 7);
  }
  EXPECT_EQ(budget.in_use(), 0);
  const ThreadBudget::Lease all = budget.lease(0);
  EXPECT_EQ(all.size(), 4);
}

// A pool's worker is counted once: the models it runs add only the threads
// beyond it, and a pool inside a pool finds the threads its parent holds.
TEST(ThreadBudget, PoolWorkersAreCountedOnce) {
  ThreadBudget& budget = ThreadBudget::process();
  const int total = budget.total();
  std::vector<int> inner_sizes(4, -1);
  std::atomic<int> most_in_use{0};
  run_side_by_side(
      4,
      [&](std::size_t i) {
        const ThreadBudget::Lease l = budget.lease(1);  // a model of one thread
        inner_sizes[i] = l.size();
        int seen = most_in_use.load();
        const int now = budget.in_use();
        while (now > seen && !most_in_use.compare_exchange_weak(seen, now)) {
        }
      },
      2);
  for (const int size : inner_sizes) EXPECT_EQ(size, 1);
  EXPECT_LE(most_in_use.load(), 2) << "two workers, each counted once";
  EXPECT_EQ(budget.in_use(), 0);
  EXPECT_GE(total, 1);
}

TEST(RunSideBySide, RunsEveryJobOnceOnAtMostTheWorkersAsked) {
  std::vector<std::atomic<int>> runs(50);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  run_side_by_side(
      runs.size(),
      [&](std::size_t i) {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        ++runs[i];
        --running;
      },
      3);
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  EXPECT_LE(most.load(), 3);
  EXPECT_THROW(run_side_by_side(
                   10,
                   [](std::size_t i) {
                     if (i == 4) throw std::runtime_error("job 4");
                   },
                   2),
               std::runtime_error);
}

}  // namespace
}  // namespace panopticon
