#pragma once
// The cells holding one code in a vision disk, found row by row from bit
// masks: how a cop of the synchronous engine counts the actives it sees and
// picks one, without counting every cell of the lattice.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"

namespace panopticon {

// The cells holding one code in a vision disk around a cell, row by row:
// read() takes a bit mask of each row's run (bit i: the run's i-th cell from
// the left) and returns how many there are; nth(k) names the k-th of them
// (rows in the shape's order, cells left to right). Runs away from the
// lattice's left and right edges are compared 16 cells at a time; a shape
// with runs longer than 64 cells is walked cell by cell.
class RunMasks {
 public:
  RunMasks(const Neighbourhood& shape, const std::uint8_t* code, std::uint32_t width,
           std::uint32_t height)
      : runs_(shape.runs()),
        code_(code),
        w_(width),
        h_(height),
        reach_(static_cast<std::uint32_t>(shape.reach())),
        cells_(static_cast<std::size_t>(width) * height),
        masks_(runs_.size()) {
    for (const Neighbourhood::Run& run : runs_) wide_ = wide_ || 2 * run.half_width + 1 > 64;
  }

  std::uint32_t read(std::uint32_t x, std::uint32_t y, std::uint8_t value) {
    x_ = x;
    y_ = y;
    value_ = value;
    std::uint32_t total = 0;
    if (wide_) {
      for (std::size_t i = 0; i < runs_.size(); ++i) {
        for_each_in_run(i, [&](CellIndex c) { total += code_[c] == value ? 1U : 0U; });
      }
      return total;
    }
    const bool inside = x >= reach_ && x + reach_ < w_;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const auto half = static_cast<std::uint32_t>(runs_[i].half_width);
      const std::uint32_t length = 2 * half + 1;
      const std::size_t first = row_start(i) + x - half;
      std::uint64_t mask = 0;
      if (inside && first + ((length + 15U) & ~15U) <= cells_) {
        mask = match16(code_ + first, length, value);
      } else {
        std::uint32_t bit = 0;
        for_each_in_run(
            i, [&](CellIndex c) { mask |= std::uint64_t{code_[c] == value ? 1U : 0U} << bit++; });
      }
      masks_[i] = mask;
      total += static_cast<std::uint32_t>(std::popcount(mask));
    }
    return total;
  }

  // The k-th cell found by the last read(); k < its total.
  CellIndex nth(std::uint32_t k) const {
    std::optional<CellIndex> found;
    for (std::size_t i = 0; i < runs_.size() && !found; ++i) {
      if (wide_) {
        for_each_in_run(i, [&](CellIndex c) {
          if (!found && code_[c] == value_ && k-- == 0) found = c;
        });
        continue;
      }
      std::uint64_t mask = masks_[i];
      const auto in_run = static_cast<std::uint32_t>(std::popcount(mask));
      if (k >= in_run) {
        k -= in_run;
        continue;
      }
      for (; k > 0; --k) mask &= mask - 1;
      const auto dx = static_cast<int>(std::countr_zero(mask)) - runs_[i].half_width;
      found = row_start(i) + column(dx);
    }
    return *found;
  }

 private:
  std::size_t row_start(std::size_t i) const {
    auto row = static_cast<std::int64_t>(y_) + runs_[i].dy;
    row += row < 0 ? h_ : 0;
    row -= row >= static_cast<std::int64_t>(h_) ? h_ : 0;
    return static_cast<std::size_t>(row) * w_;
  }
  CellIndex column(int dx) const {
    auto col = static_cast<std::int64_t>(x_) + dx;
    col += col < 0 ? w_ : 0;
    col -= col >= static_cast<std::int64_t>(w_) ? w_ : 0;
    return static_cast<CellIndex>(col);
  }
  template <typename F>
  void for_each_in_run(std::size_t i, F&& f) const {
    const std::size_t start = row_start(i);
    for (int dx = -runs_[i].half_width; dx <= runs_[i].half_width; ++dx) {
      f(static_cast<CellIndex>(start + column(dx)));
    }
  }
  // Bit i set when cells[i] == value, i < length <= 64; reads length
  // rounded up to 16 bytes.
  static std::uint64_t match16(const std::uint8_t* cells, std::uint32_t length,
                               std::uint8_t value) {
    std::uint64_t mask = 0;
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8(static_cast<char>(value));
    for (std::uint32_t i = 0; i < length; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cells + i));
      const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, wanted)));
      mask |= std::uint64_t{bits} << i;
    }
#else
    for (std::uint32_t i = 0; i < length; ++i) {
      mask |= std::uint64_t{cells[i] == value ? 1U : 0U} << i;
    }
#endif
    return length == 64 ? mask : mask & ((std::uint64_t{1} << length) - 1);
  }

  std::span<const Neighbourhood::Run> runs_;
  const std::uint8_t* code_;
  std::uint32_t w_;
  std::uint32_t h_;
  std::uint32_t reach_;
  std::size_t cells_;
  bool wide_ = false;
  std::vector<std::uint64_t> masks_;
  std::uint32_t x_ = 0;
  std::uint32_t y_ = 0;
  std::uint8_t value_ = 0;
};

}  // namespace panopticon
