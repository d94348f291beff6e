#pragma once
#include "sim/model.hpp"

namespace models::reference {

/// Boltzmann wealth model (the Mesa tutorial model), with places on a ring, births and deaths.
/// Small and well known; it exercises every engine feature: per-agent phases, interaction
/// through outboxes, births, deaths and compaction, a graph, indicators and checkpoints.
sim::ModelInfo boltzmann_info();

}  // namespace models::reference
