#pragma once
// One function per mechanism file, returning its registration
// (mechanism.hpp); registry.cpp lists them in phase order.
#include "panopticon/mechanism.hpp"

namespace panopticon::mechanisms {

MechanismInfo policing();
MechanismInfo cameras();
MechanismInfo telecom();
MechanismInfo id_card();
MechanismInfo social_credit();
MechanismInfo ijop();
MechanismInfo denunciation();
MechanismInfo public_punishment();
MechanismInfo narratives();

}  // namespace panopticon::mechanisms
