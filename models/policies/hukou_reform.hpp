#pragma once
// Migrants' access to urban services, hukou conversion by points, progressive reform.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo hukou_reform_info();
}
