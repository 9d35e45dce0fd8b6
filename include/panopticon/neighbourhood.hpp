#pragma once
// The cells an agent sees: one concept for the three shapes the rule-sets use.
#include <cstdint>
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

  // The cell of offset i around `centre`.
  CellIndex cell_at(CellIndex centre, std::size_t i) const {
    const std::uint32_t x = centre % width_;
    const std::uint32_t y = centre / width_;
    const Offset o = offsets_[i];
    return row_start_of_[static_cast<std::size_t>(static_cast<int>(y) + reach_ + o.dy)] +
           column_of_[static_cast<std::size_t>(static_cast<int>(x) + reach_ + o.dx)];
  }

 private:
  std::vector<Offset> offsets_;
  // Wrapped column index and row start for coordinates -reach .. size+reach.
  std::vector<std::uint32_t> column_of_;
  std::vector<std::uint32_t> row_start_of_;
  std::uint32_t width_;
  int reach_;
  bool include_own_cell_;
};

}  // namespace panopticon
