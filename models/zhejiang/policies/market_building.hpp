#pragma once
// County governments build and expand wholesale markets (Yiwu's farmers' market first).
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo market_building_info();
}
