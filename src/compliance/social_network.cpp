#include "panopticon/social_network.hpp"

#include <algorithm>

namespace panopticon {

SocialNetwork::SocialNetwork(std::uint32_t citizens, std::uint32_t degree, double rewire,
                             const RandomStream& stream, std::uint32_t purpose) {
  offsets_.assign(static_cast<std::size_t>(citizens) + 1, 0);
  if (citizens < 2 || degree < 2) return;
  const std::uint32_t half = std::min(degree / 2, (citizens - 1) / 2);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(static_cast<std::size_t>(citizens) * half);
  for (std::uint32_t i = 0; i < citizens; ++i) {
    Draws draws(stream, purpose, 0, i);
    for (std::uint32_t k = 1; k <= half; ++k) {
      std::uint32_t j = (i + k) % citizens;
      if (draws.next_unit() < rewire) {
        // A few tries for a target that is neither i nor the ring neighbour
        // already linked; else the ring link stays.
        for (int attempt = 0; attempt < 8; ++attempt) {
          const std::uint32_t t = draws.next_below(citizens);
          if (t != i) {
            j = t;
            break;
          }
        }
      }
      edges.emplace_back(std::min(i, j), std::max(i, j));
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (const auto& [a, b] : edges) {
    ++offsets_[a + 1];
    ++offsets_[b + 1];
  }
  for (std::uint32_t i = 0; i < citizens; ++i) offsets_[i + 1] += offsets_[i];
  contacts_.resize(offsets_[citizens]);
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (const auto& [a, b] : edges) {
    contacts_[fill[a]++] = b;
    contacts_[fill[b]++] = a;
  }
}

}  // namespace panopticon
