#pragma once
// Historical policy: the early-1990s encouragement of local traders into manufacturing.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo manufacturing_promotion_info();
}
