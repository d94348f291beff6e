#pragma once
// How poverty is measured and who is targeted: absolute, relative (45 %) and OECD (60 % of median) lines.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo poverty_standard_info();
}
