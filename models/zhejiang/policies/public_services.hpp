#pragma once
// School seats for migrant children by points, public employment service, medical relief.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo public_services_info();
}
