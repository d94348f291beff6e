#pragma once
// Early-1990s support for traders who move into manufacturing (start-up subsidy, encouragement).
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo manufacturing_promotion_info();
}
