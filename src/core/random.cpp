// The Philox call is inline in random.hpp; this file keeps the concept's pair.
#include "panopticon/random.hpp"
