#pragma once
// The citizens' social network: a small-world graph (Watts and Strogatz
// 1998) over citizen ids, stored as compressed rows (4 bytes per contact
// end plus 4 per citizen). Ids are assigned in placement order, which is
// random in space, so contacts are not neighbours on the lattice.
#include <cstdint>
#include <span>
#include <vector>

#include "panopticon/random.hpp"

namespace panopticon {

class SocialNetwork {
 public:
  SocialNetwork() = default;
  // A ring where each citizen links to the `degree` / 2 next ids, each link
  // rewired to a uniformly random citizen with probability `rewire`;
  // undirected, without self-links or duplicates.
  SocialNetwork(std::uint32_t citizens, std::uint32_t degree, double rewire,
                const RandomStream& stream, std::uint32_t purpose);

  std::span<const std::uint32_t> contacts(std::uint32_t id) const {
    return {contacts_.data() + offsets_[id], contacts_.data() + offsets_[id + 1]};
  }
  // Where id's contacts begin among all contact ends (contacts(id)[k] is
  // end offset(id) + k).
  std::uint32_t offset(std::uint32_t id) const { return offsets_[id]; }
  std::uint64_t ends() const { return contacts_.size(); }
  std::uint64_t links() const { return contacts_.size() / 2; }
  std::uint32_t size() const {
    return offsets_.empty() ? 0 : static_cast<std::uint32_t>(offsets_.size() - 1);
  }
  bool empty() const { return contacts_.empty(); }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> contacts_;
};

}  // namespace panopticon
