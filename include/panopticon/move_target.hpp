#pragma once
// Rule M's target: a cell drawn uniformly among the empty cells of a
// neighbourhood, the same for both engines.
//
// Rejection sampling, four candidates from each draw of four words: the first
// empty candidate is exactly uniform over the empty cells. Testing four at
// once keeps the unpredictable "is it empty" off the branch predictor; on a
// lattice about a quarter empty one round usually does. A candidate whose word
// falls in Lemire's rejection zone is a failed try. After eight rounds (a
// crowded neighbourhood) the empty cells are counted and one is picked.
#include <array>
#include <bit>
#include <cstdint>
#include <optional>

#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/random.hpp"

namespace panopticon {

// One round: candidate i is the shape's cell cell_of(k) for k drawn from
// words[i]. Bit i of the result is set when candidate i is usable (its word
// outside Lemire's rejection zone) and empty. Unrolled, and "&" rather than
// "&&": an unusable word still names a cell of the shape (k < size), so
// testing it is safe, and the round has no branch on what it finds. The
// shape must not be empty.
template <typename CellOf, typename IsEmpty>
std::uint32_t try_four_cells(const std::array<std::uint32_t, 4>& words, const Neighbourhood& nb,
                             CellOf cell_of, IsEmpty is_empty,
                             std::array<CellIndex, 4>& candidate) {
  const auto m = static_cast<std::uint32_t>(nb.size());
  std::uint32_t found = 0;
#pragma GCC unroll 4
  for (std::uint32_t i = 0; i < 4; ++i) {
    const std::uint64_t product = std::uint64_t{words[i]} * m;
    candidate[i] = cell_of(static_cast<std::size_t>(product >> 32U));
    const std::uint32_t usable = static_cast<std::uint32_t>(product) >= nb.reject_below() ? 1U : 0U;
    const std::uint32_t empty = is_empty(candidate[i]) ? 1U : 0U;
    found |= (usable & empty) << i;
  }
  return found;
}

// Centre (x, y) is cell `centre`; callers that walk the lattice know both.
// A caller that has tried the first rounds itself (with the same words)
// passes how many in `first_round`, with `draws` standing after them.
template <typename IsEmpty>
std::optional<CellIndex> random_empty_cell(const Neighbourhood& nb, CellIndex centre,
                                           std::uint32_t x, std::uint32_t y, Draws& draws,
                                           IsEmpty is_empty, int first_round = 0) {
  if (nb.size() == 0) return std::nullopt;
  const bool interior = nb.interior(x, y);
  const auto cell_of = [&](std::size_t k) {
    return interior
               ? static_cast<CellIndex>(static_cast<std::int64_t>(centre) + nb.linear_offset(k))
               : nb.cell_at(x, y, k);
  };
  for (int round = first_round; round < 8; ++round) {
    std::array<CellIndex, 4> candidate{};
    const std::uint32_t found = try_four_cells(draws.next_four(), nb, cell_of, is_empty, candidate);
    if (found != 0) return candidate[static_cast<std::size_t>(std::countr_zero(found))];
  }
  std::uint32_t empties = 0;
  nb.for_each_cell(centre, [&](CellIndex c) { empties += is_empty(c) ? 1U : 0U; });
  if (empties == 0) return std::nullopt;
  std::uint32_t pick = draws.next_below(empties);
  std::optional<CellIndex> chosen;
  nb.for_each_cell(centre, [&](CellIndex c) {
    if (!chosen && is_empty(c) && pick-- == 0) chosen = c;
  });
  return chosen;
}

template <typename IsEmpty>
std::optional<CellIndex> random_empty_cell(const Neighbourhood& nb, const Torus& torus,
                                           CellIndex centre, Draws& draws, IsEmpty is_empty) {
  return random_empty_cell(nb, centre, torus.x_of(centre), torus.y_of(centre), draws, is_empty);
}

}  // namespace panopticon
