#pragma once
#include "sim/model.hpp"

namespace sim::app {

/// The `xiaoda` command line over a catalogue of models. Returns the process exit code:
/// 0 success, 1 run-time error, 2 invalid scenario or usage.
int run_cli(int argc, char** argv, const ModelCatalog& catalog);

/// Markdown table of a model's parameters (for docs and `xiaoda describe --markdown`).
std::string parameter_markdown(const ParamRegistry& reg);

}  // namespace sim::app
