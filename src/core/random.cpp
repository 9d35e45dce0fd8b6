#include "panopticon/random.hpp"

namespace panopticon {

namespace {
// Eight 64-bit lanes, each holding a 32-bit word: a 32 x 32 -> 64-bit
// product per lane gives Philox's mulhilo without widening.
using Lanes = std::uint64_t __attribute__((vector_size(64)));
constexpr std::size_t kLanes = 8;
}  // namespace

void RandomStreams::first_blocks(std::uint16_t stream, Purpose purpose, std::uint32_t tick,
                                 const std::uint32_t* slots, std::size_t n,
                                 std::array<std::uint32_t, 4>* out) const {
  // Philox4x32-10 as in Random123's philox.h: round r uses the key bumped
  // r times by the Weyl constants; ctr = {hi1^c1^k0, lo1, hi0^c3^k1, lo0}.
  constexpr std::uint64_t kM0 = 0xD2511F53U;
  constexpr std::uint64_t kM1 = 0xCD9E8D57U;
  constexpr std::uint32_t kW0 = 0x9E3779B9U;
  constexpr std::uint32_t kW1 = 0xBB67AE85U;
  constexpr std::uint64_t kMask = 0xFFFFFFFFU;
  const std::uint32_t word2 = (std::uint32_t{stream} << 16U) | static_cast<std::uint32_t>(purpose);
  for (std::size_t base = 0; base < n; base += kLanes) {
    const std::size_t m = n - base < kLanes ? n - base : kLanes;
    Lanes c0{};
    Lanes c1{};
    Lanes c2{};
    Lanes c3{};
    for (std::size_t i = 0; i < kLanes; ++i) {
      c0[i] = tick;
      c1[i] = i < m ? slots[base + i] : 0;
      c2[i] = word2;
      c3[i] = 0;
    }
    auto k0 = static_cast<std::uint32_t>(seed_);
    auto k1 = static_cast<std::uint32_t>(seed_ >> 32U);
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k0 += kW0;
        k1 += kW1;
      }
      const Lanes p0 = c0 * kM0;
      const Lanes p1 = c2 * kM1;
      const Lanes n0 = (p1 >> 32U) ^ c1 ^ k0;
      const Lanes n2 = (p0 >> 32U) ^ c3 ^ k1;
      c1 = p1 & kMask;
      c3 = p0 & kMask;
      c0 = n0;
      c2 = n2;
    }
    for (std::size_t i = 0; i < m; ++i) {
      out[base + i] = {static_cast<std::uint32_t>(c0[i]), static_cast<std::uint32_t>(c1[i]),
                       static_cast<std::uint32_t>(c2[i]), static_cast<std::uint32_t>(c3[i])};
    }
  }
}

}  // namespace panopticon
