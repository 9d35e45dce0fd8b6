#include "panopticon/lattice.hpp"

#include <stdexcept>

namespace panopticon {

Torus::Torus(std::uint32_t width, std::uint32_t height) : width_(width), height_(height) {
  if (width == 0 || height == 0) throw std::invalid_argument("a torus needs at least one cell");
}

CellIndex Torus::shifted(CellIndex c, int dx, int dy) const {
  const auto w = static_cast<int>(width_);
  const auto h = static_cast<int>(height_);
  int x = static_cast<int>(x_of(c)) + dx;
  int y = static_cast<int>(y_of(c)) + dy;
  x = ((x % w) + w) % w;
  y = ((y % h) + h) % h;
  return cell(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y));
}

}  // namespace panopticon
