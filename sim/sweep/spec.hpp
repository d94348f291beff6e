#pragma once
// Sweep files: which scenario to start from, which parameters to vary and how, how many
// replicates, and what to record. Validated as strictly as scenario files (file:line:col, key,
// what was expected, nearest known key).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/params.hpp"

namespace sim::sweep {

enum class Design { Grid, LatinHypercube, Sobol, Morris, Saltelli, File };
const char* design_name(Design d);

/// One varied parameter: either a list of levels (crossed as a grid) or a continuous range.
struct Factor {
  std::string key;
  ParamType type = ParamType::Real;
  bool is_range = false;
  double lo = 0.0, hi = 0.0;       ///< range
  int steps = 0;                   ///< grid over a range: number of evenly spaced values (>= 2)
  std::vector<std::string> levels; ///< list levels, as override text
};

struct SweepSpec {
  std::string file;            ///< the sweep file (absolute), or a name for text input
  std::string text;            ///< its content, copied into the sweep folder
  std::string base;            ///< base scenario (absolute path)
  std::vector<std::string> set;///< fixed overrides key=value, applied to every run
  std::string model;
  std::vector<Factor> factors; ///< in file order
  Design design = Design::Grid;
  std::string plan_file;       ///< design: {file: ...} (absolute)
  std::vector<std::string> file_columns;             ///< its header: parameter keys
  std::vector<ParamType> file_types;                 ///< their declared types
  std::vector<std::vector<std::string>> file_rows;   ///< its points, validated
  int samples = 0;             ///< latin_hypercube, sobol, saltelli (base samples)
  int trajectories = 0;        ///< morris
  int levels = 4;              ///< morris grid levels (even)
  int replicates = 1;
  std::uint64_t seed = 1;      ///< sweep seed: every run's seed derives from it
  std::vector<std::string> record;  ///< indicator names
  std::vector<int> years;
  std::string base_yaml;       ///< resolved base scenario with `set:` applied, as YAML (self-contained)
  int start_year = 0, end_year = 0;
};

/// Reads and validates a sweep file. Throws ScenarioError listing every problem found.
SweepSpec load_sweep(const std::string& path, const ModelCatalog& catalog);
/// Same from text; relative paths resolve against `dir`.
SweepSpec load_sweep_text(const std::string& yaml, const std::string& name, const std::string& dir,
                          const ModelCatalog& catalog);

/// Checks one override value against the parameter's declaration (type, range, choices, ...).
/// Returns an empty string when valid, otherwise what is wrong.
std::string check_value(const std::string& base_yaml, const ParamSpec& spec, const std::string& value,
                        const ModelCatalog& catalog);

/// Text of a value for a `key=value` override that reads back exactly (shortest round trip).
std::string format_value(ParamType type, double x);

}  // namespace sim::sweep
