#include "panopticon/viewer_frame.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "panopticon/agent_state.hpp"

namespace panopticon {

namespace {

void put16(std::string& out, std::size_t at, std::uint32_t v) {
  out[at] = static_cast<char>(v & 0xFFU);
  out[at + 1] = static_cast<char>((v >> 8U) & 0xFFU);
}

}  // namespace

FrameShape frame_shape(std::uint32_t lattice_width, std::uint32_t lattice_height,
                       std::uint32_t longest_side) {
  const std::uint32_t longest = std::max(lattice_width, lattice_height);
  const std::uint32_t side = std::max<std::uint32_t>(1, longest_side);
  const std::uint32_t block = std::max<std::uint32_t>(1, (longest + side - 1) / side);
  return {(lattice_width + block - 1) / block, (lattice_height + block - 1) / block, block};
}

int salience(std::uint8_t code) {
  // Indexed by CellCode: empty, quiet, active, cop, jailed, dissent, detained.
  static constexpr std::array<int, kCellCodeCount> rank{0, 1, 6, 2, 4, 3, 5};
  return code < rank.size() ? rank[code] : -1;
}

std::string encode_frame(std::span<const std::uint8_t> codes, std::span<const std::uint8_t> cameras,
                         std::uint32_t lattice_width, std::uint32_t lattice_height,
                         std::int64_t tick, const FrameShape& shape) {
  const std::size_t cells = static_cast<std::size_t>(lattice_width) * lattice_height;
  if (codes.size() != cells || (!cameras.empty() && cameras.size() != cells)) {
    throw std::invalid_argument("encode_frame: the codes or cameras do not cover the lattice");
  }
  if (shape.block == 0 || shape.width * shape.block < lattice_width ||
      shape.height * shape.block < lattice_height || shape.width > 0xFFFFU ||
      shape.height > 0xFFFFU || shape.block > 0xFFFFU) {
    throw std::invalid_argument("encode_frame: the frame shape does not cover the lattice");
  }
  const std::size_t pixels = static_cast<std::size_t>(shape.width) * shape.height;
  const bool overlay = !cameras.empty();
  std::string out(kFrameHeaderBytes + pixels * (overlay ? 2 : 1), '\0');
  out.replace(0, 4, "PNF1");
  const auto t = static_cast<std::uint64_t>(tick);
  for (std::size_t b = 0; b < 8; ++b) out[4 + b] = static_cast<char>((t >> (8 * b)) & 0xFFU);
  put16(out, 12, shape.width);
  put16(out, 14, shape.height);
  put16(out, 16, shape.block);
  put16(out, 18, overlay ? 1U : 0U);

  char* plane = out.data() + kFrameHeaderBytes;
  char* overlay_plane = plane + pixels;
  for (std::uint32_t fy = 0; fy < shape.height; ++fy) {
    const std::uint32_t y_end = std::min(lattice_height, (fy + 1) * shape.block);
    for (std::uint32_t fx = 0; fx < shape.width; ++fx) {
      const std::uint32_t x_end = std::min(lattice_width, (fx + 1) * shape.block);
      std::uint8_t best = 0;
      bool camera = false;
      for (std::uint32_t y = fy * shape.block; y < y_end; ++y) {
        for (std::uint32_t x = fx * shape.block; x < x_end; ++x) {
          const std::size_t cell = static_cast<std::size_t>(y) * lattice_width + x;
          if (salience(codes[cell]) > salience(best)) best = codes[cell];
          if (overlay && cameras[cell] != 0) camera = true;
        }
      }
      const std::size_t pixel = static_cast<std::size_t>(fy) * shape.width + fx;
      plane[pixel] = static_cast<char>(best);
      if (overlay) overlay_plane[pixel] = static_cast<char>(camera ? 1 : 0);
    }
  }
  return out;
}

}  // namespace panopticon
