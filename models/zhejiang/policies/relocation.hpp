#pragma once
// Moving households out of mountains, hazard and reservoir areas, islands and boats into towns.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo relocation_info();
}
