#pragma once
// Farmers' mutual finance co-operatives lending to members who found firms.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo mutual_finance_info();
}
