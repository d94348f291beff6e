#pragma once
// Moving households out of mountains, hazard and reservoir areas, islands and boats into towns.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo relocation_info();
}
