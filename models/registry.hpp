#pragma once
#include "sim/model.hpp"

namespace models {

/// Every model the command line knows, in one explicit list (see registry.cpp).
sim::ModelCatalog catalog();

}  // namespace models
