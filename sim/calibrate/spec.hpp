#pragma once
// Calibration files (`xiaoda calibrate`): the base scenario, fixed overrides, the free parameters
// with bounds, the targets (by reference to a targets file), the replicates and seeds, the
// optimiser stages and the budget. Validated as strictly as scenario and sweep files.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace sim::calibrate {

/// One target of the objective (or a held-out target).
struct TargetSpec {
  std::string indicator;
  int year = 0;
  double value = 0.0;           ///< from the targets file, or `synthetic_value`
  bool synthetic = false;       ///< value written in the calibration file (known-answer use), not data
  std::string unit, note;       ///< from the targets file
  double tolerance = 0.0;       ///< as written: absolute (indicator units) or relative (fraction)
  bool relative = false;        ///< tolerance written as "N%"
  std::string tolerance_text;   ///< as written
  double weight = 1.0;
  /// The tolerance in the indicator's units.
  double scale() const;
  std::string source() const;   ///< "targets file" or "synthetic (calibration file)"
};

/// A calibrated parameter: a real parameter of the model, searched within [lo, hi].
struct FreeParam {
  std::string key;
  double lo = 0.0, hi = 1.0;
  double start = 0.0;
  bool start_from_base = true;  ///< start: the base scenario's value (no `start:` given)
  std::string unit, doc;
  double declared_lo = 0.0, declared_hi = 0.0;
  std::string prior_id;                       ///< row id in the priors file, or ""
  std::map<std::string, std::string> prior;   ///< that row (column -> text), recorded in the outputs
};

enum class Algorithm { Crs2, Isres, Bobyqa, Sbplx };
const char* algorithm_name(Algorithm a);

/// A global or local optimiser stage (NLopt).
struct StageSpec {
  bool enabled = false;
  Algorithm algorithm = Algorithm::Crs2;
  int max_evaluations = 0;
  int population = 0;          ///< global: NLopt population (0: NLopt's default)
  double initial_step = 0.1;   ///< local: first step, as a share of each range
  double xtol = 1e-4;          ///< local: stop when steps are below this share of each range
  double ftol_abs = 0.0;       ///< stop when the objective changes by less (0: off)
};

struct CalibrationSpec {
  std::string file;             ///< the calibration file (absolute) or a name for text input
  std::string dir;              ///< folder relative paths resolve against
  std::string text;             ///< the file as given
  std::string description;
  std::string base;             ///< base scenario (absolute path)
  std::vector<std::string> set; ///< fixed overrides key=value
  std::string model;
  std::string base_yaml;        ///< the base resolved with `set` applied (self-contained YAML)
  int start_year = 0, end_year = 0;
  std::vector<FreeParam> params;
  std::string targets_file;     ///< absolute; "" when every target is synthetic
  std::string scope;
  std::vector<TargetSpec> fit, held_out;
  std::string priors_file;
  int replicates = 4;
  std::uint64_t seed = 1;
  int screen_samples = 0;       ///< Latin hypercube screen (0: none)
  StageSpec global, local;
  int max_evaluations = 0;      ///< over all stages (0: the sum of the stage budgets)
  double max_minutes = 0.0;     ///< wall-clock budget of one invocation (0: none)
  double fd_step = 0.05;        ///< identification: finite-difference step, share of each range
  int check_seeds = 5;          ///< fresh seeds for the check of the result
  double weak_threshold = 1.0;  ///< a parameter is weak when its column norm is below this
  double collinear_threshold = 0.95;

  /// Everything a model run's values depend on besides the free parameters and the seed.
  std::string model_hash() const;
  /// (indicator, year) of every target, fit then held out, without repeats.
  std::vector<std::pair<std::string, int>> series() const;
  int planned_evaluations() const;
};

/// Reads and validates a calibration file. Throws ScenarioError listing every problem found.
CalibrationSpec load_calibration(const std::string& path, const ModelCatalog& catalog);
/// Same from text; relative paths resolve against `dir`.
CalibrationSpec load_calibration_text(const std::string& yaml, const std::string& name, const std::string& dir,
                                      const ModelCatalog& catalog);

/// Seed of replicate r of the calibration (the same for every candidate: common random numbers).
std::uint32_t replicate_seed(std::uint64_t calibration_seed, int r);
/// Seed r of the check with fresh seeds (never one of the replicate seeds' family).
std::uint32_t check_seed(std::uint64_t calibration_seed, int r);

/// Indicator names of a model at a resolved scenario.
std::vector<std::string> model_indicators(const std::string& base_yaml, const std::string& name,
                                          const ModelCatalog& catalog);

}  // namespace sim::calibrate
