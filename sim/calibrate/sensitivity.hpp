#pragma once
// `xiaoda sensitivity`: Morris screening of many parameters, then Sobol indices (Saltelli design)
// of the k most influential ones on a few indicators. Both stages are ordinary sweeps
// (sim/sweep: plan, run, summary) in DIR/morris and DIR/sobol, so they resume like sweeps and can
// be inspected with `xiaoda sweep summary`.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace sim::calibrate {

struct SensitivitySpec {
  std::string file, dir, text, description;
  std::string base, model;
  std::vector<std::pair<std::string, std::string>> set;  ///< fixed overrides (key, value text)
  struct Range {
    std::string key;
    double lo = 0.0, hi = 1.0;
  };
  std::vector<Range> params;
  std::vector<std::string> indicators;
  std::vector<int> years;
  std::uint64_t seed = 1;
  int trajectories = 10, levels = 4, morris_replicates = 1;
  bool sobol = false;
  int top = 3, samples = 64, sobol_replicates = 1;
  std::vector<std::string> sobol_indicators;
};

/// Reads and validates a sensitivity file. Throws ScenarioError listing every problem found.
SensitivitySpec load_sensitivity(const std::string& path, const ModelCatalog& catalog);
SensitivitySpec load_sensitivity_text(const std::string& yaml, const std::string& name, const std::string& dir,
                                      const ModelCatalog& catalog);

/// The sweep file of the Morris stage (all parameters) or of the Sobol stage (the chosen ones).
std::string morris_sweep_yaml(const SensitivitySpec& spec);
std::string sobol_sweep_yaml(const SensitivitySpec& spec, const std::vector<std::string>& chosen);

struct SensitivityOptions {
  int jobs = 0, threads = 1;
  bool progress = true, plot = true;
};

struct SensitivityOutcome {
  std::vector<std::string> ranking;  ///< parameters, most influential first
  std::vector<std::string> chosen;   ///< those of the Sobol stage
  std::int64_t failed = 0;           ///< failed runs (both stages)
  double seconds = 0.0;
  std::vector<std::string> files;
  std::string text;
};

/// Runs (or continues) both stages into DIR.
SensitivityOutcome run_sensitivity(const SensitivitySpec& spec, const std::string& dir, const ModelCatalog& catalog,
                                   const SensitivityOptions& options);

}  // namespace sim::calibrate
