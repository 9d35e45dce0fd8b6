#pragma once
// The cells an agent sees: one concept for the three shapes the rule-sets use.
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "panopticon/lattice.hpp"

namespace panopticon {

enum class VisionShape : std::uint8_t {
  kVonNeumann,  // |dx| + |dy| <= floor(radius)          (Mesa >= 3.0)
  kMoore,       // max(|dx|, |dy|) <= floor(radius)      (Mesa < 3.0)
  kEuclidean,   // dx^2 + dy^2 <= radius^2               (NetLogo in-radius)
};

std::string_view to_string(VisionShape shape);

// The sum over cells [x - half, x + half] of a row of `width` cells (wrapped
// on the torus) from the row's prefix sums (width + 1 entries, row[0] = 0).
inline std::uint32_t row_run_sum(const std::uint32_t* row, int width, int x, int half) {
  const int lo = x - half;
  const int hi = x + half;
  if (lo >= 0 && hi < width) return row[hi + 1] - row[lo];
  if (lo < 0) return row[hi + 1] + row[width] - row[width + lo];
  return row[width] - row[lo] + row[hi - width + 1];
}

struct Offset {
  int dx;
  int dy;
};

// The offsets of a shape on a given torus. On a torus smaller than the
// shape's diameter, offsets that land on the same cell are kept once, so the
// neighbourhood is a set of distinct cells as in NetLogo and Mesa.
class Neighbourhood {
 public:
  Neighbourhood(const Torus& torus, VisionShape shape, double radius, bool include_own_cell);

  std::span<const Offset> offsets() const { return offsets_; }
  struct Run {
    int dy;
    int half_width;  // the row covers dx = -half_width .. half_width
  };
  // The shape row by row, own cell included; valid when runs_are_rows().
  std::span<const Run> runs() const { return runs_; }
  bool runs_are_rows() const { return rows_are_runs_; }
  std::size_t size() const { return offsets_.size(); }
  bool includes_own_cell() const { return include_own_cell_; }
  int reach() const { return reach_; }

  // Calls f(cell) for every cell of the neighbourhood of `centre`, in the
  // fixed order of offsets().
  template <typename F>
  void for_each_cell(CellIndex centre, F&& f) const {
    const std::uint32_t x = centre % width_;
    const std::uint32_t y = centre / width_;
    const std::uint32_t* col = &column_of_[x + static_cast<std::uint32_t>(reach_)];
    const std::uint32_t* row = &row_start_of_[y + static_cast<std::uint32_t>(reach_)];
    for (const Offset o : offsets_) f(row[o.dy] + col[o.dx]);
  }

  // The cell of offset i around the cell (x, y).
  CellIndex cell_at(std::uint32_t x, std::uint32_t y, std::size_t i) const {
    const Offset o = offsets_[i];
    const int row = static_cast<int>(y) + reach_ + o.dy;  // in 0 .. height + 2 reach
    const int column = static_cast<int>(x) + reach_ + o.dx;
    return row_start_of_[static_cast<std::size_t>(row)] +
           column_of_[static_cast<std::size_t>(column)];
  }
  CellIndex cell_at(CellIndex centre, std::size_t i) const {
    return cell_at(centre % width_, centre / width_, i);
  }
  // Whether the neighbourhood of (x, y) lies inside the lattice without
  // wrapping; then its cell i is centre + linear_offset(i), one read instead
  // of three.
  bool interior(std::uint32_t x, std::uint32_t y) const {
    const auto r = static_cast<std::uint32_t>(reach_);
    return x >= r && x + r < width_ && y >= r && y + r < height_;
  }
  std::int32_t linear_offset(std::size_t i) const { return linear_[i]; }
  // Words below this fall in Lemire's rejection zone for a draw in [0, size()).
  std::uint32_t reject_below() const { return reject_below_; }

  // Elements a grid given to add_over() must have past its last cell.
  static constexpr std::size_t kGridPadding = 16;

  // grid[c] += delta (mod 2^16) for every cell c of the neighbourhood of
  // `centre`. Every shape is a contiguous run of cells in each row, so this
  // adds 16 lanes at a time along rows instead of walking single offsets; on
  // a torus too small for that it falls back to the offsets. Lanes past a
  // run are written back unchanged, so the grid needs kGridPadding elements
  // after its last cell and no other thread may write it meanwhile.
  void add_over(CellIndex centre, std::uint16_t* grid, std::uint16_t delta) const {
    using T = std::uint16_t;
    if (!rows_are_runs_) {
      for_each_cell(centre, [&](CellIndex c) { grid[c] = static_cast<T>(grid[c] + delta); });
      return;
    }
    const auto w = static_cast<int>(width_);
    const int x = static_cast<int>(centre % width_);
    const std::uint32_t y = centre / width_;
    for (const Run& run : runs_) {
      T* row = grid + row_start_of_[y + static_cast<std::uint32_t>(reach_ + run.dy)];
      const int lo = x - run.half_width;
      const int hi = x + run.half_width;
      if (lo >= 0 && hi < w) {
        add_run(row + lo, hi - lo + 1, delta);
      } else if (lo < 0) {
        add_run(row, hi + 1, delta);
        add_run(row + w + lo, -lo, delta);
      } else {
        add_run(row + lo, w - lo, delta);
        add_run(row, hi - w + 1, delta);
      }
    }
    if (!include_own_cell_) grid[centre] = static_cast<T>(grid[centre] - delta);
  }

 private:
  using Lanes = std::uint16_t __attribute__((vector_size(32)));
  static void add_run(std::uint16_t* first, int n, std::uint16_t delta) {
    for (; n > 0; n -= 16, first += 16) {
      Lanes v;
      std::memcpy(&v, first, sizeof v);
      v += prefix_mask(n < 16 ? n : 16) * delta;
      std::memcpy(first, &v, sizeof v);
    }
  }
  // Lanes 0 .. n-1 set to 1, the others 0.
  static Lanes prefix_mask(int n) {
    static const auto masks = [] {
      std::array<Lanes, 17> m{};
      for (int k = 0; k <= 16; ++k) {
        for (int i = 0; i < 16; ++i) m[static_cast<std::size_t>(k)][i] = i < k ? 1 : 0;
      }
      return m;
    }();
    return masks[static_cast<std::size_t>(n)];
  }

  std::vector<Offset> offsets_;
  std::vector<Run> runs_;  // the shape row by row, own cell included
  bool rows_are_runs_;     // the shape fits the torus without overlapping itself
  // Wrapped column index and row start for coordinates -reach .. size+reach.
  std::vector<std::uint32_t> column_of_;
  std::vector<std::uint32_t> row_start_of_;
  std::vector<std::int32_t> linear_;  // dy * width + dx per offset
  std::uint32_t reject_below_ = 0;
  std::uint32_t width_;
  std::uint32_t height_;
  int reach_;
  bool include_own_cell_;
};

}  // namespace panopticon
