#include "panopticon/neighbourhood.hpp"

#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <utility>

namespace panopticon {

std::string_view to_string(VisionShape shape) {
  switch (shape) {
    case VisionShape::kVonNeumann:
      return "von_neumann";
    case VisionShape::kMoore:
      return "moore";
    case VisionShape::kEuclidean:
      return "euclidean";
  }
  return "?";
}

namespace {
bool inside(VisionShape shape, double radius, int dx, int dy) {
  const int r = static_cast<int>(std::floor(radius));
  switch (shape) {
    case VisionShape::kVonNeumann:
      return std::abs(dx) + std::abs(dy) <= r;
    case VisionShape::kMoore:
      return std::max(std::abs(dx), std::abs(dy)) <= r;
    case VisionShape::kEuclidean:
      return static_cast<double>(dx * dx + dy * dy) <= radius * radius;
  }
  return false;
}
}  // namespace

Neighbourhood::Neighbourhood(const Torus& torus, VisionShape shape, double radius,
                             bool include_own_cell)
    : width_(torus.width()), height_(torus.height()), include_own_cell_(include_own_cell) {
  if (!(radius >= 0.0) || radius > 1.0e4) throw std::invalid_argument("vision radius out of range");
  reach_ = static_cast<int>(std::floor(radius));
  const auto w = static_cast<int>(torus.width());
  const auto h = static_cast<int>(torus.height());
  // Distinct cells only: on a small torus two offsets can name one cell.
  std::set<std::pair<int, int>> seen;
  for (int dy = -reach_; dy <= reach_; ++dy) {
    for (int dx = -reach_; dx <= reach_; ++dx) {
      if (!inside(shape, radius, dx, dy)) continue;
      const std::pair<int, int> wrapped{((dx % w) + w) % w, ((dy % h) + h) % h};
      if (wrapped == std::pair<int, int>{0, 0} && !include_own_cell) continue;
      if (!seen.insert(wrapped).second) continue;
      offsets_.push_back({dx, dy});
    }
  }
  for (const Offset o : offsets_) linear_.push_back(o.dy * w + o.dx);
  const auto m = static_cast<std::uint32_t>(offsets_.size());
  reject_below_ = m == 0 ? 0 : (0U - m) % m;
  // Row runs, valid when the shape does not wrap onto itself.
  rows_are_runs_ = 2 * reach_ + 1 <= w && 2 * reach_ + 1 <= h;
  for (int dy = -reach_; dy <= reach_; ++dy) {
    int half = -1;
    for (int dx = 0; dx <= reach_; ++dx) {
      if (inside(shape, radius, dx, dy)) half = dx;
    }
    if (half >= 0) runs_.push_back({dy, half});
  }
  // w and h are at least 1 (Torus refuses an empty lattice).
  const int columns = w + 2 * reach_;
  const int rows = h + 2 * reach_;
  column_of_.resize(static_cast<std::size_t>(columns));
  // NOLINTBEGIN(clang-analyzer-core.DivideZero): w and h are at least 1, see above
  for (int i = 0; i < columns; ++i) {
    column_of_[static_cast<std::size_t>(i)] =
        static_cast<std::uint32_t>((((i - reach_) % w) + w) % w);
  }
  row_start_of_.resize(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    const auto row = static_cast<std::uint32_t>((((i - reach_) % h) + h) % h);
    row_start_of_[static_cast<std::size_t>(i)] = row * torus.width();
  }
  // NOLINTEND(clang-analyzer-core.DivideZero)
}

}  // namespace panopticon
