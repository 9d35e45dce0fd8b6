#include "panopticon/run_masks.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "panopticon/lattice.hpp"
#include "panopticon/neighbourhood.hpp"
#include "panopticon/random.hpp"

namespace panopticon {
namespace {

// The cells of the shape's runs around (x, y) holding `value`, rows in the
// shape's order, cells left to right (wrapped): what RunMasks must find.
std::vector<CellIndex> brute_force(const Neighbourhood& shape,
                                   const std::vector<std::uint8_t>& code, int width, int height,
                                   int x, int y, std::uint8_t value) {
  std::vector<CellIndex> found;
  for (const Neighbourhood::Run& run : shape.runs()) {
    const int row = ((y + run.dy) % height + height) % height;
    for (int dx = -run.half_width; dx <= run.half_width; ++dx) {
      const int column = ((x + dx) % width + width) % width;
      const auto c = static_cast<CellIndex>(row * width + column);
      if (code[c] == value) found.push_back(c);
    }
  }
  return found;
}

// Every cell of random lattices, edges and corners included, for narrow
// shapes (compared 16 cells at a time), a shape with runs of 63 cells (four
// loads), and one wider than 64 (walked cell by cell).
TEST(RunMasks, FindsTheSameCellsInTheSameOrderAsAWalkOfTheShape) {
  struct Case {
    int width;
    int height;
    VisionShape shape;
    double radius;
  };
  const std::vector<Case> cases = {{40, 40, VisionShape::kEuclidean, 7.0},
                                   {33, 29, VisionShape::kMoore, 3.0},
                                   {50, 21, VisionShape::kVonNeumann, 5.0},
                                   {70, 70, VisionShape::kMoore, 31.0},
                                   {90, 80, VisionShape::kEuclidean, 36.0}};
  const RandomStreams streams(5);
  for (const Case& k : cases) {
    const Torus torus(static_cast<std::uint32_t>(k.width), static_cast<std::uint32_t>(k.height));
    const Neighbourhood shape(torus, k.shape, k.radius, true);
    std::vector<std::uint8_t> code(torus.cell_count());
    Draws draws(streams, Purpose::kPlacement, 0, static_cast<std::uint32_t>(k.width));
    for (auto& c : code) c = static_cast<std::uint8_t>(draws.next_below(4));
    RunMasks masks(shape, code.data(), torus.width(), torus.height());
    std::size_t checked = 0;
    const int step = k.radius > 20 ? 4 : 1;  // every fourth row and column of the wide ones
    for (int y = 0; y < k.height; y += step) {
      for (int x = 0; x < k.width; x += step) {
        for (std::uint8_t value : {std::uint8_t{2}, std::uint8_t{3}}) {
          const auto want = brute_force(shape, code, k.width, k.height, x, y, value);
          const std::uint32_t total =
              masks.read(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y), value);
          ASSERT_EQ(total, want.size()) << k.width << "x" << k.height << " at " << x << "," << y;
          for (std::uint32_t i = 0; i < total; ++i) {
            ASSERT_EQ(masks.nth(i), want[i])
                << k.width << "x" << k.height << " at " << x << "," << y << " #" << i;
          }
          checked += total;
        }
      }
    }
    EXPECT_GT(checked, 0U);
  }
}

}  // namespace
}  // namespace panopticon
