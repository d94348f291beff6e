#pragma once
// Model runs of a calibration: batches of (free-parameter overrides, seed) run in memory on
// several workers at once (each run in its own TBB arena, as in sweeps), answered from the
// database when already stored, and stored as soon as each finishes.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/calibrate/spec.hpp"
#include "sim/calibrate/store.hpp"
#include "sim/model.hpp"

namespace spdlog {
class logger;
}

namespace sim::calibrate {

struct RunRequest {
  std::vector<std::string> overrides;  ///< free parameters, key=value (exact text), in parameter order
  std::uint32_t seed = 0;
  std::string purpose;                 ///< calibration, identification, check
  std::string key() const;
};

struct RunValues {
  bool ok = false;
  std::string error;
  std::vector<double> values;  ///< per series of the spec
  bool executed = false;       ///< run by this invocation (not answered from the database)
};

struct RunnerSettings {
  int jobs = 1;                     ///< runs at once
  int threads = 1;                  ///< threads within each run
  std::string base_file;            ///< DIR/base.yaml (for messages and the `xiaoda run` commands)
  std::int64_t kill_after_runs = -1;///< tests: SIGKILL this process after storing this many new runs
};

class BatchRunner {
 public:
  BatchRunner(const CalibrationSpec& spec, const ModelCatalog& catalog, Store& store, RunnerSettings settings);
  /// Runs (or looks up) every request; results in request order. Identical requests run once.
  std::vector<RunValues> run(const std::vector<RunRequest>& requests);
  /// The command that repeats one run: xiaoda run DIR/base.yaml --set ... --seed S --out OUT.
  std::string command(const RunRequest& r) const;
  std::int64_t executed() const { return executed_; }
  std::int64_t answered() const { return answered_; }
  double run_seconds() const { return run_seconds_; }
  int jobs() const { return settings_.jobs; }

 private:
  RunValues execute(const RunRequest& r) const;
  const CalibrationSpec& spec_;
  const ModelCatalog& catalog_;
  Store& store_;
  RunnerSettings settings_;
  std::vector<Series> series_;
  std::int64_t executed_ = 0, answered_ = 0;
  double run_seconds_ = 0.0;
  bool sized_ = false;
};

}  // namespace sim::calibrate
