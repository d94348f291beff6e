#pragma once
// Urban-rural minimum living guarantee from 1996: means-tested top-up to a standard.
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang::policies {
PolicyInfo subsistence_allowance_info();
}
