#pragma once
// Counter-based random numbers. Every draw is a pure function of
// (seed, stream, purpose, tick, slot, index): no generator state travels
// between agents, ticks, threads or processes, so results do not depend on
// the order work is done in, and two runs that differ in one mechanism share
// every other draw (common random numbers). A stream is the Philox key: the
// seed for the core model, the seed XOR a hash of the name for the layer and
// each mechanism (RandomStreams::named), so adding, removing or reordering
// mechanisms changes no other mechanism's numbers.
#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace panopticon {

// What the core model (Model I) draws for. Each purpose owns a disjoint part
// of the counter space; adding one never shifts the draws of another. The
// compliance layer and every mechanism draw from streams of their own, with
// purposes declared in their own files (society.cpp, src/mechanisms/).
enum class Purpose : std::uint16_t {
  kPlacement = 1,  // initial positions (slot = cell or agent)
  kHardship = 2,   // H ~ U(0,1) per citizen
  kRiskAversion = 3,
  kOrder = 4,        // random-sequential order (slot 0, consecutive blocks)
  kMove = 5,         // target cell of a move
  kArrest = 6,       // which active a cop arrests
  kJailTerm = 7,     // length of a jail term
  kCopSchedule = 8,  // which cops leave or where new ones go
};

// One stream of draws: Philox4x32-10 under a key of its own. A block is a
// pure function of (key, purpose, tick, slot, index); streams with
// different keys are independent.
class RandomStream {
 public:
  RandomStream() = default;
  std::array<std::uint32_t, 4> block(std::uint32_t purpose, std::uint32_t tick, std::uint32_t slot,
                                     std::uint32_t index) const {
    const r123::Philox4x32 philox;
    const r123::Philox4x32::key_type key = {
        {static_cast<std::uint32_t>(key_), static_cast<std::uint32_t>(key_ >> 32U)}};
    const r123::Philox4x32::ctr_type counter = {{tick, slot, purpose, index}};
    const auto out = philox(counter, key);
    return {out[0], out[1], out[2], out[3]};
  }
  std::uint64_t key() const { return key_; }

 private:
  friend class RandomStreams;
  explicit RandomStream(std::uint64_t key) : key_(key) {}
  std::uint64_t key_ = 0;
};

// The 64-bit key part of a named stream: a hash of the name (FNV-1a, then
// the SplitMix64 finalizer), never 0, so a named stream's key always
// differs from the core's.
std::uint64_t stream_name_key(std::string_view name);

// A seed derived from `seed` and two indices (a world's country and
// replicate): the SplitMix64 finalizer chained over the three, within
// model.seed's range (0 to 9e18). Unlike seed + index, two (seed, a, b)
// never share a seed by arithmetic (a world of seed 1's second country
// and one of seed 2's first ran on the same numbers).
std::uint64_t derived_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }

  // The core model's stream: key = the seed.
  RandomStream core() const { return RandomStream(seed_); }
  // The stream of a named consumer (the layer, a mechanism): key = the seed
  // XOR a hash of the name. Its draws depend on its name only, never on
  // which other consumers exist or in what order they are listed.
  RandomStream named(std::string_view name) const {
    return RandomStream(seed_ ^ stream_name_key(name));
  }

  // The first block (index 0) of each of n slots of the core stream at once:
  // the same numbers as core().block(), computed sixteen counters per
  // vector instruction. Hot loops that know whom they will serve next fetch
  // their draws this way.
  void first_blocks(Purpose purpose, std::uint32_t tick, const std::uint32_t* slots, std::size_t n,
                    std::array<std::uint32_t, 4>* out) const;

  std::array<std::uint32_t, 4> block(Purpose purpose, std::uint32_t tick, std::uint32_t slot,
                                     std::uint32_t index) const {
    return core().block(static_cast<std::uint32_t>(purpose), tick, slot, index);
  }

 private:
  std::uint64_t seed_;
};

// Walks the words of consecutive blocks of one (stream, purpose, tick, slot):
// a purpose that needs a variable number of draws (rejection sampling) takes
// as many as it needs, and the first four cost one block.
class Draws {
 public:
  // Draws of the core stream for a core purpose.
  Draws(const RandomStreams& streams, Purpose purpose, std::uint32_t tick, std::uint32_t slot)
      : Draws(streams.core(), purpose, tick, slot) {}
  // Starts from a first block already computed by RandomStreams::first_blocks().
  Draws(const RandomStreams& streams, Purpose purpose, std::uint32_t tick, std::uint32_t slot,
        const std::array<std::uint32_t, 4>& first_block)
      : stream_(streams.core()),
        purpose_(static_cast<std::uint32_t>(purpose)),
        tick_(tick),
        slot_(slot),
        block_index_(1),
        words_(first_block),
        used_(0) {}
  // Draws of any stream, for a purpose of its owner's (an enum of its own).
  template <typename P>
  requires std::is_enum_v<P> Draws(const RandomStream& stream, P purpose, std::uint32_t tick,
                                   std::uint32_t slot)
      : Draws(stream, static_cast<std::uint32_t>(purpose), tick, slot) {}
  Draws(const RandomStream& stream, std::uint32_t purpose, std::uint32_t tick, std::uint32_t slot)
      : stream_(stream), purpose_(purpose), tick_(tick), slot_(slot) {}

  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return words_[used_++];
  }
  // The next four words; one block when the walk stands at a block's start.
  std::array<std::uint32_t, 4> next_four() {
    if (used_ == 4) refill();
    if (used_ == 0) {
      used_ = 4;
      return words_;
    }
    return {next_u32(), next_u32(), next_u32(), next_u32()};
  }
  // Uniform on [0, 1) with 53 random bits.
  double next_unit() {
    const std::uint64_t hi = next_u32() >> 5U;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6U;  // 26 bits
    return static_cast<double>((hi << 26U) | lo) * 0x1.0p-53;
  }
  // Exactly uniform on [0, bound) (Lemire's multiply-and-reject); bound > 0.
  std::uint32_t next_below(std::uint32_t bound) {
    std::uint64_t product = std::uint64_t{next_u32()} * bound;
    auto low = static_cast<std::uint32_t>(product);
    if (low < bound) {
      const std::uint32_t floor = (0U - bound) % bound;
      while (low < floor) {
        product = std::uint64_t{next_u32()} * bound;
        low = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<std::uint32_t>(product >> 32U);
  }

 private:
  // Out of line: the synchronous engine's hot loops start from a first block
  // computed in bulk (RandomStreams::first_blocks) and seldom refill; a
  // Philox block inlined into them costs more (measured, BENCHMARKS.md).
  [[gnu::noinline]] void refill() {
    words_ = stream_.block(purpose_, tick_, slot_, block_index_++);
    used_ = 0;
  }

  RandomStream stream_;
  std::uint32_t purpose_;
  std::uint32_t tick_;
  std::uint32_t slot_;
  std::uint32_t block_index_ = 0;
  std::array<std::uint32_t, 4> words_{};
  int used_ = 4;
};

}  // namespace panopticon
