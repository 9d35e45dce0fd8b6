#include "panopticon/thread_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace panopticon {
namespace {

TEST(ThreadBudget, LeasesNeverExceedWhatIsFreeButAlwaysGiveOne) {
  ThreadBudget budget(4);
  {
    const ThreadBudget::Lease a = budget.lease(3);
    EXPECT_EQ(a.size(), 3);
    const ThreadBudget::Lease b = budget.lease(0);  // whatever is free
    EXPECT_EQ(b.size(), 1);
    const ThreadBudget::Lease c = budget.lease(2);  // nothing free: the caller's own thread
    EXPECT_EQ(c.size(), 1);
    EXPECT_EQ(budget.in_use(), 5);
  }
  EXPECT_EQ(budget.in_use(), 0);
  const ThreadBudget::Lease all = budget.lease(0);
  EXPECT_EQ(all.size(), 4);
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
