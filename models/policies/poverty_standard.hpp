#pragma once
// How poverty is measured and who is targeted: absolute, relative (45 %) and OECD (60 % of median) lines.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo poverty_standard_info();
}
