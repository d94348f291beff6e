#pragma once
// `xiaoda calibrate`: simulated method of moments. A start point, an optional Latin-hypercube
// screen (the sweep designs), an NLopt global stage and/or local stage, then the identification
// report and a check with fresh seeds at the optimum. Every model run is stored in
// DIR/calibration.sqlite as it finishes; the search is deterministic (fixed NLopt seed, common
// random numbers), so running the same command again replays it from the start, answers stored
// runs from the database, and continues: the result is the same as an uninterrupted run's.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/calibrate/spec.hpp"
#include "sim/model.hpp"

namespace spdlog {
class logger;
}

namespace sim::calibrate {

struct CalibrateOptions {
  int jobs = 0;                      ///< runs at once (0: cores / threads)
  int threads = 1;                   ///< threads within each run
  bool plot = true;                  ///< draw convergence.png with tools/plot_calibration.py when possible
  std::int64_t kill_after_runs = -1; ///< tests: SIGKILL after storing this many new runs
  std::shared_ptr<spdlog::logger> log;  ///< progress lines (default: spdlog's default logger)
};

struct CalibrateOutcome {
  int evaluations = 0;
  std::int64_t model_runs = 0;       ///< distinct model runs the calibration used
  std::int64_t executed = 0;         ///< of which this invocation ran
  double seconds = 0.0;
  double run_seconds = 0.0;          ///< summed wall time of the runs this invocation executed
  int jobs = 1;
  bool completed = true;             ///< false: stopped by the time budget
  std::string status;
  double best_objective = 0.0, best_sd = 0.0;
  std::vector<std::string> files;
  std::string summary;               ///< a short report for the terminal
};

/// Prepares DIR for the calibration: creates it (or checks that it holds a calibration whose
/// stored runs fit this base scenario) and writes calibration.yaml, base.yaml, calibration.json.
void prepare_calibration_dir(const CalibrationSpec& spec, const std::string& dir);

/// Reads the calibration of DIR back (for --resume): DIR/calibration.yaml, validated against the
/// folder the original file was in.
CalibrationSpec load_calibration_dir(const std::string& dir, const ModelCatalog& catalog);

/// Runs (or continues) the calibration into DIR (prepared by prepare_calibration_dir).
CalibrateOutcome run_calibration(const CalibrationSpec& spec, const std::string& dir, const ModelCatalog& catalog,
                                 const CalibrateOptions& options);

}  // namespace sim::calibrate
