#include "panopticon/random.hpp"

#include <Random123/philox.h>

namespace panopticon {

std::array<std::uint32_t, 4> RandomStreams::block(std::uint16_t stream, Purpose purpose,
                                                  std::uint32_t tick, std::uint32_t slot,
                                                  std::uint32_t index) const {
  const r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32U)}};
  const r123::Philox4x32::ctr_type counter = {
      {tick, slot, (std::uint32_t{stream} << 16U) | static_cast<std::uint32_t>(purpose), index}};
  const auto out = philox(counter, key);
  return {out[0], out[1], out[2], out[3]};
}

}  // namespace panopticon
