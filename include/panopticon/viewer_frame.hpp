#pragma once
// The live viewer's frames (`panopticon serve`): the lattice as one byte per
// frame pixel, downsampled by blocks for large lattices so that a frame
// stays small (a 1000 x 1000 lattice is sent as 500 x 500), with an overlay
// plane of the cells a camera watches. The format, little-endian:
//   bytes 0-3    "PNF1"
//   bytes 4-11   int64 tick
//   bytes 12-13  uint16 frame width   14-15 uint16 frame height
//   bytes 16-17  uint16 block (cells per frame pixel side; 1: every cell)
//   bytes 18-19  uint16 flags (bit 0: an overlay plane follows)
//   then width x height cell codes (CellCode, agent_state.hpp), row by row,
//   then, with flag bit 0, width x height overlay bytes (bit 0: a camera).
// A block shows its most salient code (active, detained, jailed, dissent,
// cop, quiet, empty: what a viewer must not lose when it shrinks).
#include <cstdint>
#include <span>
#include <string>

namespace panopticon {

inline constexpr std::size_t kFrameHeaderBytes = 20;

struct FrameShape {
  std::uint32_t width = 0;  // frame pixels
  std::uint32_t height = 0;
  std::uint32_t block = 1;  // lattice cells per frame pixel side
};

// The smallest block that makes neither side longer than `longest_side`.
FrameShape frame_shape(std::uint32_t lattice_width, std::uint32_t lattice_height,
                       std::uint32_t longest_side = 500);

// How salient a cell code is when blocks are merged (higher wins).
int salience(std::uint8_t code);

// The frame of `codes` (lattice_width x lattice_height, row by row) at
// `tick`; `cameras` (one byte per cell, nonzero where a camera is) may be
// empty: then no overlay plane. Throws std::invalid_argument for sizes
// that do not match.
std::string encode_frame(std::span<const std::uint8_t> codes, std::span<const std::uint8_t> cameras,
                         std::uint32_t lattice_width, std::uint32_t lattice_height,
                         std::int64_t tick, const FrameShape& shape);

}  // namespace panopticon
