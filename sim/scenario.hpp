#pragma once
// Scenario files: YAML with `extends:` inheritance and `--set key.path=value` overrides, validated
// strictly against the parameters the chosen model declares.
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/params.hpp"

namespace sim {

struct ResolvedScenario {
  std::string model;
  std::string file;                 ///< the scenario file named on the command line (absolute)
  std::vector<std::string> chain;   ///< files read, most basic first
  std::vector<std::string> overrides;
  Params params;
  std::string description;
};

/// Reads, merges and validates a scenario. Throws ScenarioError naming file, line, column, key and
/// what was expected, for every problem found.
ResolvedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const ModelCatalog& catalog);

/// Same, from YAML text (used for checkpoints and tests). `name` appears in messages.
ResolvedScenario load_scenario_text(const std::string& yaml, const std::string& name,
                                    const std::vector<std::string>& overrides, const ModelCatalog& catalog);

}  // namespace sim
