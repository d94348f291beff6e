#pragma once
// Urban-rural minimum living guarantee from 1996: means-tested top-up to a standard.
#include "models/policies/policy.hpp"

namespace models::policies {
PolicyInfo subsistence_allowance_info();
}
