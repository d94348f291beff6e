#pragma once
#include "sim/model.hpp"

namespace models::reference {

/// Schelling segregation as fixed by the ABM frameworks comparison (JuliaDynamics/
/// ABMFrameworksComparison): an X x X non-periodic grid, one agent per cell, two groups, agents
/// activated one at a time in a new random order each step (a sequential model by definition),
/// an unhappy agent moving at once to a uniformly drawn empty cell. Rules and parameters:
/// docs/reference-models.md.
///
/// Benchmark: `xiaoda bench schelling --size small|large|huge [--reps R]`.
sim::ModelInfo schelling_info();

}  // namespace models::reference
