#pragma once
// A torus of width x height cells. Cells are numbered row by row:
// cell = y * width + x.
#include <cstdint>
#include <vector>

namespace panopticon {

using CellIndex = std::uint32_t;

class Torus {
 public:
  Torus(std::uint32_t width, std::uint32_t height);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }
  std::uint32_t cell_count() const { return width_ * height_; }

  CellIndex cell(std::uint32_t x, std::uint32_t y) const { return y * width_ + x; }
  std::uint32_t x_of(CellIndex c) const { return c % width_; }
  std::uint32_t y_of(CellIndex c) const { return c / width_; }

  // The cell (x + dx, y + dy), wrapped; |dx| < width and |dy| < height.
  CellIndex shifted(CellIndex c, int dx, int dy) const;

 private:
  std::uint32_t width_;
  std::uint32_t height_;
};

}  // namespace panopticon
