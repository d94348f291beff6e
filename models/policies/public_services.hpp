#pragma once
// School seats for migrant children by points, public employment service, medical relief.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo public_services_info();
}
