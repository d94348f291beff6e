#pragma once
// Historical policy: county governments build and expand wholesale markets.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo market_building_info();
}
