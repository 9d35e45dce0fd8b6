// The move phase of the synchronous engine (synchronous.hpp): every mover
// proposes a random empty cell in vision and claims it; the winners move
// (rule M).
#include <omp.h>

#include <algorithm>
#include <array>
#include <bit>

#include "claims.hpp"
#include "panopticon/move_target.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

using synchronous::claim_key;
using synchronous::is_citizen;
using synchronous::kLow32;
using synchronous::kMoveClaim;
using synchronous::kNoClaim;

CellIndex SynchronousSimulation::propose_move(CellIndex c, std::uint32_t x, std::uint32_t y,
                                              const std::array<std::uint32_t, 4>& first_block,
                                              int first_round) {
  const std::uint8_t* __restrict code = code_.data();
  const Neighbourhood& nb = code[c] == kCop ? cop_vision_ : citizen_vision_;
  Draws draws(streams_, Purpose::kMove, static_cast<std::uint32_t>(tick_), agent_[c].id,
              first_block);
  for (int round = 0; round < first_round; ++round) draws.next_four();
  const auto target = random_empty_cell(
      nb, c, x, y, draws, [code](CellIndex t) { return code[t] == kEmpty; }, first_round);
  return target ? *target : kNoTarget;
}

void SynchronousSimulation::move_phase() {
  const bool citizens_move = scenario_.movement;
  const bool cops_move = scenario_.movement || !scenario_.rules.movement_applies_to_cops;
  if (!citizens_move && !cops_move) return;
  const auto n = static_cast<std::int64_t>(torus_.cell_count());
  const auto tick = static_cast<std::uint32_t>(tick_);
  // Raw pointers: a store through a byte pointer may alias anything, so
  // through the members every cell's iteration would reload them.
  std::uint8_t* __restrict code = code_.data();
  Occupant* __restrict agent = agent_.data();
  std::uint64_t* __restrict claims = claim_.data();

  // Proposals read the lattice as the previous phase left it; only claims
  // are written. Cells go in chunks, so that the first move block of every
  // mover in a chunk is computed at once (RandomStreams::first_blocks).
  constexpr std::int64_t kChunk = 64;
  const std::int64_t chunks = (n + kChunk - 1) / kChunk;
  const std::uint32_t width = torus_.width();
  // Who moves, by code (empty, quiet, active, cop, prisoner).
  const std::array<std::size_t, 5> moves = {0, citizens_move ? 1U : 0U, citizens_move ? 1U : 0U,
                                            cops_move ? 1U : 0U, 0};
#pragma omp parallel for num_threads(team_) schedule(static)
  for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
    std::array<CellIndex, kChunk> movers{};
    std::array<std::uint16_t, kChunk> xs{};
    std::array<std::uint32_t, kChunk> ys{};
    std::array<std::uint32_t, kChunk> ids{};
    std::array<std::array<std::uint32_t, 4>, kChunk> blocks{};
    std::size_t count = 0;
    const std::int64_t end = std::min(n, (chunk + 1) * kChunk);
    // Coordinates by stepping along the rows, not by dividing each index.
    std::uint32_t x = static_cast<std::uint32_t>(chunk * kChunk) % width;
    auto y = static_cast<std::uint32_t>(chunk * kChunk / width);
    for (std::int64_t i = chunk * kChunk; i < end; ++i) {
      const auto c = static_cast<CellIndex>(i);
      // Written for every cell, kept for movers: no branch on the code.
      movers[count] = c;
      xs[count] = static_cast<std::uint16_t>(x);
      ys[count] = y;
      ids[count] = agent[c].id;
      count += moves[code[c]];
      if (++x == width) {
        x = 0;
        ++y;
      }
    }
    streams_.first_blocks(Purpose::kMove, tick, ids.data(), count, blocks.data());
    // Targets first, claims after: the claims land up to a vision radius of
    // rows away, so fetching their cache lines for the whole chunk at once
    // overlaps the misses instead of taking them one after another.
    // The first round of random_empty_cell() for movers away from the
    // lattice's edges, inline and without a branch on what it finds; the
    // others, and those it leaves without a target, go the whole way.
    std::array<CellIndex, kChunk> targets{};
    std::array<std::uint8_t, kChunk> unsettled{};
    std::array<std::uint8_t, kChunk> rounds_tried{};
    std::size_t n_unsettled = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const CellIndex c = movers[k];
      const Neighbourhood& nb = code[c] == kCop ? cop_vision_ : citizen_vision_;
      const bool interior = nb.size() != 0 && nb.interior(xs[k], ys[k]);
      std::array<CellIndex, 4> candidate{};
      const std::uint32_t found =
          interior ? try_four_cells(
                         blocks[k], nb,
                         [&](std::size_t i) {
                           return static_cast<CellIndex>(static_cast<std::int64_t>(c) +
                                                         nb.linear_offset(i));
                         },
                         [code](CellIndex t) { return code[t] == kEmpty; }, candidate)
                   : 0U;
      targets[k] = candidate[static_cast<std::size_t>(std::countr_zero(found | 16U)) & 3U];
      if (found != 0) __builtin_prefetch(&claims[targets[k]], 1);
      unsettled[n_unsettled] = static_cast<std::uint8_t>(k);
      rounds_tried[n_unsettled] = interior ? 1U : 0U;
      n_unsettled += found == 0 ? 1U : 0U;
    }
    for (std::size_t j = 0; j < n_unsettled; ++j) {
      const std::size_t k = unsettled[j];
      targets[k] = propose_move(movers[k], xs[k], ys[k], blocks[k], rounds_tried[j]);
      if (targets[k] != kNoTarget) __builtin_prefetch(&claims[targets[k]], 1);
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (targets[k] == kNoTarget) continue;
      claim(targets[k], claim_key(streams_.seed(), tick, ids[k], kMoveClaim, to_global(movers[k])));
    }
  }

  // Winners move. A target was empty and a source occupied, so no cell is
  // both, and every source has one mover: each move owns its cells, and the
  // order of moves does not matter. A block of cells at a time, the claimed
  // ones are listed without a branch (whether a cell is claimed is a coin
  // toss the branch predictor would lose), then moved; sources lie up to a
  // vision radius of rows away, beyond the cache on large lattices, so they
  // are fetched a few moves early.
  constexpr std::int64_t kBlock = 256;
  constexpr std::size_t kAhead = 24;
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  std::uint64_t migrations = 0;
#pragma omp parallel for num_threads(team_) schedule(static) reduction(+ : migrations)
  for (std::int64_t b = 0; b < blocks; ++b) {
    std::array<CellIndex, kBlock> claimed{};
    std::size_t count = 0;
    const std::int64_t end = std::min(n, (b + 1) * kBlock);
    for (std::int64_t i = b * kBlock; i < end; ++i) {
      claimed[count] = static_cast<CellIndex>(i);
      count += claims[i] != kNoClaim ? 1U : 0U;
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (k + kAhead < count) {
        const CellIndex source =
            to_local(static_cast<CellIndex>(claims[claimed[k + kAhead]] & kLow32));
        __builtin_prefetch(&agent[source]);
        __builtin_prefetch(&code[source], 1);
      }
      const CellIndex t = claimed[k];
      const CellIndex from = to_local(static_cast<CellIndex>(claims[t] & kLow32));
      claims[t] = kNoClaim;
      if (strip_ && owned(t) && !owned(from) && is_citizen(code[from])) ++migrations;
      code[t] = code[from];
      agent[t] = agent[from];
      code[from] = kEmpty;
    }
  }
  migrations_ += migrations;
}

}  // namespace panopticon
