#pragma once
// Counter-based random numbers. Every draw is a pure function of
// (seed, stream, purpose, tick, slot, index): no generator state travels
// between agents, ticks, threads or processes, so results do not depend on
// the order work is done in, and two runs that differ in one mechanism share
// every other draw (common random numbers).
#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace panopticon {

// Who asks for random numbers. Each purpose owns a disjoint part of the
// counter space; adding one never shifts the draws of another.
enum class Purpose : std::uint16_t {
  kPlacement = 1,  // initial positions (slot = cell or agent)
  kHardship = 2,   // H ~ U(0,1) per citizen
  kRiskAversion = 3,
  kOrder = 4,        // random-sequential order (slot 0, consecutive blocks)
  kMove = 5,         // target cell of a move
  kArrest = 6,       // which active a cop arrests
  kJailTerm = 7,     // length of a jail term
  kCopSchedule = 8,  // which cops leave or where new ones go
  // The compliance layer and its mechanisms, each in its own stream
  // (mechanism.hpp), so one mechanism's draws never move another's.
  kLayout = 9,         // where cameras go, who holds a card, network links
  kGroup = 10,         // majority or minority
  kObserve = 11,       // whether a behaviour is recorded
  kMisattribute = 12,  // false matches: whether, and to whom
  kAmbient = 13,       // false alarms on quiet agents
  kReport = 14,        // denunciations, true and false
  kInvestigate = 15,   // platform investigations and detentions
  kPublic = 16,        // whether a punishment is made public
  kExposure = 17,      // who a narrative reaches
  kWarrant = 18,       // which cop executes a warrant
  kReportTarget = 19,  // whom a denunciation names
};

// Stream of the compliance layer's own draws (minority membership).
inline constexpr std::uint16_t kLayerStream = 100;

// Stream 0 belongs to the core model; mechanisms and experiments take others.
inline constexpr std::uint16_t kCoreStream = 0;

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }

  // One Philox4x32-10 block: four independent 32-bit words.
  // The first block (index 0) of each of n slots at once: the same numbers as
  // block(), computed eight counters per vector instruction. Hot loops that
  // know whom they will serve next fetch their draws this way.
  void first_blocks(std::uint16_t stream, Purpose purpose, std::uint32_t tick,
                    const std::uint32_t* slots, std::size_t n,
                    std::array<std::uint32_t, 4>* out) const;

  std::array<std::uint32_t, 4> block(std::uint16_t stream, Purpose purpose, std::uint32_t tick,
                                     std::uint32_t slot, std::uint32_t index) const {
    const r123::Philox4x32 philox;
    const r123::Philox4x32::key_type key = {
        {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32U)}};
    const r123::Philox4x32::ctr_type counter = {
        {tick, slot, (std::uint32_t{stream} << 16U) | static_cast<std::uint32_t>(purpose), index}};
    const auto out = philox(counter, key);
    return {out[0], out[1], out[2], out[3]};
  }

 private:
  std::uint64_t seed_;
};

// Walks the words of consecutive blocks of one (stream, purpose, tick, slot):
// a purpose that needs a variable number of draws (rejection sampling) takes
// as many as it needs, and the first four cost one block.
class Draws {
 public:
  Draws(const RandomStreams& streams, Purpose purpose, std::uint32_t tick, std::uint32_t slot,
        std::uint16_t stream = kCoreStream)
      : streams_(&streams), purpose_(purpose), stream_(stream), tick_(tick), slot_(slot) {}
  // Starts from a first block already computed by RandomStreams::first_blocks().
  Draws(const RandomStreams& streams, Purpose purpose, std::uint32_t tick, std::uint32_t slot,
        const std::array<std::uint32_t, 4>& first_block, std::uint16_t stream = kCoreStream)
      : streams_(&streams),
        purpose_(purpose),
        stream_(stream),
        tick_(tick),
        slot_(slot),
        block_index_(1),
        words_(first_block),
        used_(0) {}

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
  void refill() {
    words_ = streams_->block(stream_, purpose_, tick_, slot_, block_index_++);
    used_ = 0;
  }

  const RandomStreams* streams_;
  Purpose purpose_;
  std::uint16_t stream_;
  std::uint32_t tick_;
  std::uint32_t slot_;
  std::uint32_t block_index_ = 0;
  std::array<std::uint32_t, 4> words_{};
  int used_ = 4;
};

}  // namespace panopticon
