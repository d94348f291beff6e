#pragma once
#include "sim/model.hpp"

namespace models::reference {

/// Agent-based Harris-Todaro rural-urban migration model (Espíndola, Silveira & Penna, Braz. J.
/// Phys. 36(3A), 2006), with the optional lattice variant in which workers also weigh their four
/// neighbours' sectors (after Silveira, Espíndola & Penna, Physica A 364, 2006). Rules, parameters
/// and the analytic results the tests check: docs/reference-models.md.
///
/// Benchmark: `xiaoda bench harris_todaro --agents N [--threads T] [--ticks K] [--reps R]`.
sim::ModelInfo harris_todaro_info();

}  // namespace models::reference
