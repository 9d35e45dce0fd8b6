#include "panopticon/random.hpp"

#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace panopticon {

namespace {
// Sixteen lanes, each holding a 32-bit word in 64 bits: a 32 x 32 -> 64-bit
// product per lane gives Philox's mulhilo without widening. Sixteen (two
// vectors' worth) so that two independent chains of rounds overlap their
// multiplies' latency.
using Lanes = std::uint64_t __attribute__((vector_size(128)));
constexpr std::size_t kLanes = 16;

// lanes * m for lanes and m below 2^32. With AVX-512, the unsigned 32-bit
// multiply (vpmuludq), which the compiler does not find by itself: it would
// use the full 64-bit one, several times slower. (Its zero-masked form: GCC
// 12 wrongly warns of an uninitialized operand in the plain one.)
Lanes mul32(const Lanes& lanes, std::uint64_t m) {
#if defined(__AVX512F__)
  using Half = std::uint64_t __attribute__((vector_size(64)));
  Half lo{};
  Half hi{};
  std::memcpy(&lo, &lanes, sizeof lo);
  std::memcpy(&hi, reinterpret_cast<const char*>(&lanes) + sizeof lo, sizeof hi);
  const __m512i factor = _mm512_set1_epi64(static_cast<long long>(m));
  lo = reinterpret_cast<Half>(_mm512_maskz_mul_epu32(0xFF, reinterpret_cast<__m512i>(lo), factor));
  hi = reinterpret_cast<Half>(_mm512_maskz_mul_epu32(0xFF, reinterpret_cast<__m512i>(hi), factor));
  Lanes out{};
  std::memcpy(&out, &lo, sizeof lo);
  std::memcpy(reinterpret_cast<char*>(&out) + sizeof lo, &hi, sizeof hi);
  return out;
#else
  return lanes * m;
#endif
}
}  // namespace

std::uint64_t stream_name_key(std::string_view name) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h = (h ^ (h >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27U)) * 0x94D049BB133111EBULL;
  h ^= h >> 31U;
  return h == 0 ? 1 : h;
}

namespace {
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}
}  // namespace

std::uint64_t derived_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  const std::uint64_t h = splitmix64(splitmix64(splitmix64(seed) ^ a) ^ b);
  return h % 9000000000000000001ULL;  // model.seed's range
}

void RandomStreams::first_blocks(Purpose purpose, std::uint32_t tick, const std::uint32_t* slots,
                                 std::size_t n, std::array<std::uint32_t, 4>* out) const {
  // Philox4x32-10 as in Random123's philox.h: round r uses the key bumped
  // r times by the Weyl constants; ctr = {hi1^c1^k0, lo1, hi0^c3^k1, lo0}.
  constexpr std::uint64_t kM0 = 0xD2511F53U;
  constexpr std::uint64_t kM1 = 0xCD9E8D57U;
  constexpr std::uint32_t kW0 = 0x9E3779B9U;
  constexpr std::uint32_t kW1 = 0xBB67AE85U;
  constexpr std::uint64_t kMask = 0xFFFFFFFFU;
  const auto word2 = static_cast<std::uint32_t>(purpose);
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
      const Lanes p0 = mul32(c0, kM0);
      const Lanes p1 = mul32(c2, kM1);
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
