#pragma once
// The calibration database (DIR/calibration.sqlite): every model run, keyed by its exact overrides
// and seed, with the values of the target series, stored as soon as the run finishes; and the
// evaluations of the current calibration, in order. A run's values and its row are written in
// one transaction (WAL journal), so a killed calibration never leaves a half-stored run.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace sim::calibrate {

using Series = std::pair<std::string, int>;  ///< (indicator, year)

struct StoredRun {
  std::string key;              ///< overrides and seed, one per line (exact text)
  std::string params;           ///< the free-parameter overrides, space separated
  std::uint32_t seed = 0;
  std::string purpose;          ///< calibration, identification, check
  bool ok = false;
  std::string error;
  double wall_seconds = 0.0;
  std::string command;          ///< `xiaoda run ...` that repeats it
  std::vector<double> values;   ///< per series
};

struct EvaluationRow {
  int eval = 0;
  std::string stage;
  std::vector<double> x;
  double objective = 0.0, objective_sd = 0.0, best_so_far = 0.0;
  bool failed = false;
  int new_runs = 0;             ///< model runs this evaluation executed in this invocation
  std::string command;          ///< `xiaoda run ...` of its first replicate
};

class Store {
 public:
  /// Opens or creates DIR/calibration.sqlite. Refuses a database made for another base scenario
  /// (model_hash); `build` is recorded and a different one is reported through `other_build`.
  Store(const std::string& path, const std::string& model_hash, const std::string& model, const std::string& build,
        std::string& other_build);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Values of a finished run for `series`; false when absent, failed, or missing one of the series.
  bool lookup(const std::string& key, const std::vector<Series>& series, std::vector<double>& values) const;
  /// Stores a finished (or failed) run and its values for `series`.
  void store(const StoredRun& run, const std::vector<Series>& series);
  std::int64_t stored_runs() const;

  /// Starts a fresh list of evaluations (one column per free parameter).
  void reset_evaluations(const std::vector<std::string>& keys);
  void add_evaluation(const EvaluationRow& row);

 private:
  void exec(const std::string& sql) const;
  sqlite3* db_ = nullptr;
  std::string path_;
  std::vector<std::string> keys_;
};

}  // namespace sim::calibrate
