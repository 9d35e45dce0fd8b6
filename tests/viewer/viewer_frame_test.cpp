#include "panopticon/viewer_frame.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "panopticon/agent_state.hpp"

namespace panopticon {
namespace {

std::uint16_t read16(const std::string& f, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(f[at]) |
                                    (static_cast<unsigned char>(f[at + 1]) << 8U));
}

constexpr auto code(CellCode c) {
  return static_cast<std::uint8_t>(c);
}

TEST(ViewerFrame, ShapeKeepsSmallLatticesWholeAndShrinksLargeOnesByBlocks) {
  const FrameShape small = frame_shape(40, 30);
  EXPECT_EQ(small.width, 40U);
  EXPECT_EQ(small.height, 30U);
  EXPECT_EQ(small.block, 1U);
  const FrameShape big = frame_shape(1000, 1000);
  EXPECT_EQ(big.block, 2U);
  EXPECT_EQ(big.width, 500U);
  const FrameShape odd = frame_shape(1001, 7, 500);
  EXPECT_EQ(odd.block, 3U);
  EXPECT_EQ(odd.width, 334U);  // the last block is partial
  EXPECT_EQ(odd.height, 3U);
}

TEST(ViewerFrame, HeaderAndPlanesAtFullResolution) {
  const std::vector<std::uint8_t> codes{0, 1, 2, 3, 4, 5};
  const std::vector<std::uint8_t> cameras{0, 1, 0, 0, 0, 1};
  const std::string f = encode_frame(codes, cameras, 3, 2, 42, frame_shape(3, 2));
  ASSERT_EQ(f.size(), kFrameHeaderBytes + 12);
  EXPECT_EQ(f.substr(0, 4), "PNF1");
  std::int64_t tick = 0;
  std::memcpy(&tick, f.data() + 4, 8);
  EXPECT_EQ(tick, 42);
  EXPECT_EQ(read16(f, 12), 3);
  EXPECT_EQ(read16(f, 14), 2);
  EXPECT_EQ(read16(f, 16), 1);
  EXPECT_EQ(read16(f, 18), 1);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(static_cast<std::uint8_t>(f[kFrameHeaderBytes + i]), codes[i]);
    EXPECT_EQ(static_cast<std::uint8_t>(f[kFrameHeaderBytes + 6 + i]), cameras[i]);
  }
  // Without cameras: no overlay plane and flag 0.
  const std::string plain = encode_frame(codes, {}, 3, 2, 0, frame_shape(3, 2));
  EXPECT_EQ(plain.size(), kFrameHeaderBytes + 6);
  EXPECT_EQ(read16(plain, 18), 0);
}

TEST(ViewerFrame, ABlockShowsItsMostSalientCell) {
  // 4 x 2 cells in two 2 x 2 blocks: one active among quiet ones, and a
  // cop beside a jailed and an empty cell.
  const std::vector<std::uint8_t> codes{
      code(CellCode::kQuiet),  code(CellCode::kQuiet), code(CellCode::kCop),
      code(CellCode::kEmpty),  code(CellCode::kQuiet), code(CellCode::kActive),
      code(CellCode::kJailed), code(CellCode::kEmpty),
  };
  std::vector<std::uint8_t> cameras(8, 0);
  cameras[7] = 1;
  const FrameShape shape{2, 1, 2};
  const std::string f = encode_frame(codes, cameras, 4, 2, 0, shape);
  EXPECT_EQ(static_cast<std::uint8_t>(f[kFrameHeaderBytes]), code(CellCode::kActive));
  EXPECT_EQ(static_cast<std::uint8_t>(f[kFrameHeaderBytes + 1]), code(CellCode::kJailed));
  EXPECT_EQ(f[kFrameHeaderBytes + 2], 0);
  EXPECT_EQ(f[kFrameHeaderBytes + 3], 1);
  // Salience is an order over every code.
  EXPECT_GT(salience(code(CellCode::kActive)), salience(code(CellCode::kDetained)));
  EXPECT_GT(salience(code(CellCode::kDetained)), salience(code(CellCode::kJailed)));
  EXPECT_GT(salience(code(CellCode::kJailed)), salience(code(CellCode::kDissent)));
  EXPECT_GT(salience(code(CellCode::kDissent)), salience(code(CellCode::kCop)));
  EXPECT_GT(salience(code(CellCode::kCop)), salience(code(CellCode::kQuiet)));
  EXPECT_GT(salience(code(CellCode::kQuiet)), salience(code(CellCode::kEmpty)));
}

TEST(ViewerFrame, SizesThatDoNotMatchAreRefused) {
  const std::vector<std::uint8_t> codes(6, 0);
  EXPECT_THROW(encode_frame(codes, {}, 4, 2, 0, frame_shape(4, 2)), std::invalid_argument);
  EXPECT_THROW(encode_frame(codes, std::vector<std::uint8_t>(5, 0), 3, 2, 0, frame_shape(3, 2)),
               std::invalid_argument);
  EXPECT_THROW(encode_frame(codes, {}, 3, 2, 0, FrameShape{1, 1, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace panopticon
