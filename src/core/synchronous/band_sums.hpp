#pragma once
// Counts of cops and actives over a disk, for every cell of a row, from row
// prefix sums kept per thread (synchronous.hpp). Internal to
// src/core/synchronous.
#include <omp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "panopticon/neighbourhood.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

namespace synchronous {

// Row prefix sums for one thread's band of rows [y0, y1), walked in order,
// packed: cops in the low half, actives in the high half (both halves only
// grow along a row, so subtracting packed sums never borrows across them):
// (width + 1) sums per row, for the band's rows a ring of 2 reach + 1 that
// stays just ahead of the walk, and the reach rows above and below the band,
// which other threads may change, summed before anyone does. Rows are named
// unwrapped, y0 - reach .. y1 + reach - 1. A few rows per thread replace a
// prefix sum of the whole lattice (4 bytes per cell).
class BandSums {
 public:
  BandSums(const std::uint8_t* code, int width, int height, int reach, int y0, int y1)
      : code_(code),
        w_(width),
        h_(height),
        reach_(reach),
        y0_(y0),
        y1_(y1),
        ring_(2 * reach + 1),
        sums_(static_cast<std::size_t>(2 * reach + ring_) * static_cast<std::size_t>(width + 1)) {}

  void sum_margins() {
    for (int r = y0_ - reach_; r < y0_; ++r) sum_row(r);
    for (int r = y1_; r < y1_ + reach_; ++r) sum_row(r);
  }
  void sum_band_start() {
    for (int r = y0_; r < std::min(y1_, y0_ + reach_); ++r) sum_row(r);
  }
  // Before row y is visited: its disk's last band row, if not yet summed.
  void advance(int y) {
    if (y + reach_ < y1_) sum_row(y + reach_);
  }
  const std::uint32_t* row(int r) const { return &sums_[slot(r)]; }

 private:
  std::size_t slot(int r) const {
    int s = 0;
    if (r < y0_) {
      s = r - (y0_ - reach_);
    } else if (r >= y1_) {
      s = reach_ + (r - y1_);
    } else {
      s = 2 * reach_ + (r - y0_) % ring_;
    }
    return static_cast<std::size_t>(s) * static_cast<std::size_t>(w_ + 1);
  }
  void sum_row(int r) {
    int y = r % h_;
    y += y < 0 ? h_ : 0;
    const std::uint8_t* cells = code_ + static_cast<std::size_t>(y) * static_cast<std::size_t>(w_);
    std::uint32_t* out = &sums_[slot(r)];
    // Cops in the low half, actives in the high half, by table: a compare
    // per cell would branch, and mispredict, on a mixed lattice.
    static constexpr std::array<std::uint32_t, 5> kPacked = {0, 0, 1U << 16U, 1U, 0};
    static_assert(SynchronousSimulation::kActive == 2 && SynchronousSimulation::kCop == 3);
    std::uint32_t sum = 0;
    out[0] = 0;
    for (int x = 0; x < w_; ++x) {
      sum += kPacked[cells[x]];
      out[x + 1] = sum;
    }
  }

  const std::uint8_t* code_;
  int w_;
  int h_;
  int reach_;
  int y0_;
  int y1_;
  int ring_;
  std::vector<std::uint32_t> sums_;
};

}  // namespace synchronous

// The prefix rows of a disk around the cells of one row.
struct SynchronousSimulation::RowView {
  std::span<const Neighbourhood::Run> runs;  // the disk, row by row
  int reach;
  std::vector<const std::uint32_t*> rows;  // one per row of the disk
  // rows[i] shifted by the row's half width, for cells away from the edges:
  // the count of row i around x is upper[i][x] - lower[i][x].
  std::vector<const std::uint32_t*> lower;
  std::vector<const std::uint32_t*> upper;
  int width;

  void set_row(std::size_t i, const std::uint32_t* row) {
    const int half = runs[i].half_width;
    rows[i] = row;
    lower[i] = row - half;
    upper[i] = row + half + 1;
  }
  std::uint32_t count(int x) const {
    std::uint32_t sum = 0;
    const std::size_t n = rows.size();
    if (x >= reach && x + reach < width) {  // no wrap: two reads a row
      for (std::size_t i = 0; i < n; ++i) sum += upper[i][x] - lower[i][x];
      return sum;
    }
    for (std::size_t i = 0; i < n; ++i) sum += row_run_sum(rows[i], width, x, runs[i].half_width);
    return sum;
  }
  // count(x) for every cell of the row: disk row by disk row along
  // contiguous prefix sums, which vectorizes, away from the edges.
  const std::uint32_t* count_all(std::vector<std::uint32_t>& counts) const {
    const auto w = static_cast<std::uint32_t>(width);
    const auto r = static_cast<std::uint32_t>(reach);
    counts.assign(w, 0);
    std::uint32_t* __restrict out = counts.data();
    if (w <= 2 * r) {
      for (std::uint32_t x = 0; x < w; ++x) out[x] = count(static_cast<int>(x));
      return out;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t* __restrict low = lower[i];
      const std::uint32_t* __restrict up = upper[i];
      for (std::uint32_t x = r; x < w - r; ++x) out[x] += up[x] - low[x];
    }
    for (std::uint32_t x = 0; x < r; ++x) {
      out[x] = count(static_cast<int>(x));
      out[w - 1 - x] = count(static_cast<int>(w - 1 - x));
    }
    return out;
  }
};

template <typename VisitRow>
void SynchronousSimulation::for_each_row_with_counts(const Neighbourhood& disk,
                                                     VisitRow&& visit_row) {
  const auto w = static_cast<int>(torus_.width());
  const auto h = static_cast<int>(torus_.height());
#pragma omp parallel num_threads(team_)
  {
    const int threads = omp_get_num_threads();
    const int t = omp_get_thread_num();
    const int y0 = static_cast<int>(static_cast<std::int64_t>(h) * t / threads);
    const int y1 = static_cast<int>(static_cast<std::int64_t>(h) * (t + 1) / threads);
    synchronous::BandSums sums(code_.data(), w, h, disk.reach(), y0, y1);
    sums.sum_margins();
    sums.sum_band_start();
#pragma omp barrier
    const std::span<const Neighbourhood::Run> runs = disk.runs();
    RowView view{runs,
                 disk.reach(),
                 std::vector<const std::uint32_t*>(runs.size()),
                 std::vector<const std::uint32_t*>(runs.size()),
                 std::vector<const std::uint32_t*>(runs.size()),
                 w};
    for (int y = y0; y < y1; ++y) {
      sums.advance(y);
      for (std::size_t i = 0; i < runs.size(); ++i) view.set_row(i, sums.row(y + runs[i].dy));
      visit_row(static_cast<CellIndex>(static_cast<std::size_t>(y) * w), view);
    }
  }
}

}  // namespace panopticon
