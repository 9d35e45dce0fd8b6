#include "registry.hpp"

#include <algorithm>

namespace panopticon {

namespace {
std::vector<MechanismInfo> build_registry() {
  // Phase order within a tick is compliance.hpp's; within a phase, this order.
  std::vector<MechanismInfo> r = {
      mechanisms::policing(),     mechanisms::cameras(),           mechanisms::telecom(),
      mechanisms::id_card(),      mechanisms::social_credit(),     mechanisms::ijop(),
      mechanisms::denunciation(), mechanisms::public_punishment(), mechanisms::narratives(),
  };
  for (std::size_t i = 0; i < r.size(); ++i) r[i].stream = static_cast<std::uint16_t>(i + 1);
  return r;
}
}  // namespace

const std::vector<MechanismInfo>& mechanism_registry() {
  static const std::vector<MechanismInfo> registry = build_registry();
  return registry;
}

const MechanismInfo* find_mechanism(std::string_view name) {
  const auto& r = mechanism_registry();
  const auto it =
      std::ranges::find_if(r, [name](const MechanismInfo& m) { return m.name == name; });
  return it == r.end() ? nullptr : &*it;
}

}  // namespace panopticon
