#include "panopticon/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace panopticon {
namespace {

TEST(RandomStreams, DrawIsAPureFunctionOfItsCoordinates) {
  const RandomStreams a(42);
  const RandomStreams b(42);
  EXPECT_EQ(a.block(Purpose::kMove, 7, 3, 0), b.block(Purpose::kMove, 7, 3, 0));
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), a.block(Purpose::kMove, 7, 4, 0));
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), a.block(Purpose::kMove, 8, 3, 0));
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), a.block(Purpose::kArrest, 7, 3, 0));
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), a.block(Purpose::kMove, 7, 3, 1));
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), RandomStreams(43).block(Purpose::kMove, 7, 3, 0));
  // The high half of the seed matters too.
  EXPECT_NE(RandomStreams(1).block(Purpose::kMove, 0, 0, 0),
            RandomStreams(1 + (1ULL << 32U)).block(Purpose::kMove, 0, 0, 0));
  // A named stream is another key: other numbers for the same coordinates.
  const auto move = static_cast<std::uint32_t>(Purpose::kMove);
  EXPECT_NE(a.block(Purpose::kMove, 7, 3, 0), a.named("cameras").block(move, 7, 3, 0));
  EXPECT_NE(a.named("telecom").block(move, 7, 3, 0), a.named("cameras").block(move, 7, 3, 0));
  EXPECT_EQ(a.named("cameras").block(move, 7, 3, 0), b.named("cameras").block(move, 7, 3, 0));
}

// A mechanism's stream is keyed by its name alone (not by its place in the
// registry), so adding or reordering mechanisms moves no other's numbers;
// the keys are pinned, so a run's draws stay those of earlier builds.
TEST(RandomStreams, NamedStreamsAreKeyedByTheNameAlone) {
  EXPECT_EQ(stream_name_key("cameras"), stream_name_key(std::string("camer") + "as"));
  EXPECT_NE(stream_name_key("cameras"), stream_name_key("camera"));
  EXPECT_NE(stream_name_key(""), 0U);
  EXPECT_EQ(stream_name_key("layer"), 0x88086f0c1f7b3ae7ULL);
  EXPECT_EQ(stream_name_key("cameras"), 0x0c2ba0e09ec4363dULL);
  const RandomStreams s(7);
  EXPECT_EQ(s.named("cameras").key(), 7U ^ stream_name_key("cameras"));
  EXPECT_EQ(s.core().key(), 7U);
}

TEST(RandomStreams, BatchedFirstBlocksEqualSingleBlocks) {
  const RandomStreams s((7ULL << 32U) | 12345U);
  std::vector<std::uint32_t> slots;
  for (std::uint32_t i = 0; i < 37; ++i) slots.push_back(i * 2654435761U);
  std::vector<std::array<std::uint32_t, 4>> batch(slots.size());
  s.first_blocks(Purpose::kMove, 99, slots.data(), slots.size(), batch.data());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    EXPECT_EQ(batch[i], s.block(Purpose::kMove, 99, slots[i], 0)) << i;
  }
  // A Draws started from a batched block continues with block 1.
  Draws from_batch(s, Purpose::kMove, 99, slots[5], batch[5]);
  Draws plain(s, Purpose::kMove, 99, slots[5]);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(from_batch.next_u32(), plain.next_u32());
}

TEST(Draws, NextFourIsFourNextWordsFromAnyPosition) {
  const RandomStreams s(11);
  for (int skip = 0; skip < 6; ++skip) {
    Draws fours(s, Purpose::kMove, 3, 4);
    Draws words(s, Purpose::kMove, 3, 4);
    for (int i = 0; i < skip; ++i) EXPECT_EQ(fours.next_u32(), words.next_u32());
    for (int round = 0; round < 3; ++round) {
      const std::array<std::uint32_t, 4> four = fours.next_four();
      for (int i = 0; i < 4; ++i) EXPECT_EQ(four[static_cast<std::size_t>(i)], words.next_u32());
    }
    EXPECT_EQ(fours.next_u32(), words.next_u32()) << skip;
  }
}

TEST(Draws, ConsecutiveWordsWalkConsecutiveBlocks) {
  const RandomStreams s(9);
  Draws d(s, Purpose::kOrder, 1, 2);
  const auto b0 = s.block(Purpose::kOrder, 1, 2, 0);
  const auto b1 = s.block(Purpose::kOrder, 1, 2, 1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(d.next_u32(), b0[static_cast<std::size_t>(i)]);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(d.next_u32(), b1[static_cast<std::size_t>(i)]);
}

TEST(Draws, NextBelowIsUniform) {
  // Chi-square over 7 bins, 70,000 draws: df = 6, the 99.9% quantile is 22.5.
  const RandomStreams s(5);
  Draws d(s, Purpose::kMove, 0, 0);
  std::vector<int> bins(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    const auto v = d.next_below(7);
    ASSERT_LT(v, 7U);
    ++bins[v];
  }
  double chi2 = 0.0;
  for (const int b : bins) chi2 += (b - n / 7.0) * (b - n / 7.0) / (n / 7.0);
  EXPECT_LT(chi2, 22.5);
}

TEST(Draws, NextUnitIsInUnitIntervalWithTheRightMean) {
  const RandomStreams s(11);
  Draws d(s, Purpose::kHardship, 0, 0);
  double sum = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = d.next_unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Mean 0.5, sd of the mean sqrt(1/12/n) = 0.00091; 5 sd.
  EXPECT_NEAR(sum / n, 0.5, 0.0046);
}

}  // namespace
}  // namespace panopticon
