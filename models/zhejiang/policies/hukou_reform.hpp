#pragma once
// Migrants' access to urban services, hukou conversion by points, progressive reform.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo hukou_reform_info();
}
