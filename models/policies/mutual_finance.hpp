#pragma once
// Farmers' mutual finance co-operatives lending to members who found firms.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo mutual_finance_info();
}
