#pragma once
// The results database of a sweep (SQLite): `runs` (one row per planned run: parameters, seed,
// status, error, wall time) and `indicators` in long form (run_id, year, indicator, value).
// A run's indicator rows and its final status are written in one transaction, so an interrupted
// sweep never leaves a half-written run behind.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/sweep/plan.hpp"

struct sqlite3;

namespace sim::sweep {

struct RunRecord {
  std::int64_t run_id = 0;
  bool ok = false;
  std::string error;
  double wall_seconds = 0.0;
  double peak_rss_mib = 0.0;
  std::string worker;
  std::vector<double> values;  ///< plan.years x plan.record, year-major; NaN stored as NULL
};

struct StatusCounts {
  std::int64_t total = 0, done = 0, failed = 0, pending = 0;
};

class ResultsDb {
 public:
  /// Opens or creates the database for this plan; refuses a database made for another plan.
  /// `runs` lists the run ids this database covers (all, or one shard's).
  ResultsDb(const std::string& path, const Plan& plan, const std::vector<std::int64_t>& runs, const std::string& shard);
  ~ResultsDb();
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  /// Run ids still to do, ascending: pending ones (and failed ones when retry_failed).
  std::vector<std::int64_t> todo(bool retry_failed) const;
  /// Writes a run's indicators and status in one transaction.
  void commit(const RunRecord& rec);
  StatusCounts counts() const;
  const std::string& path() const { return path_; }

  /// Copies finished runs of another database of the same plan into this one (runs already done
  /// here are kept). Returns the number of runs copied; `differing` counts runs done in both
  /// whose values differ (they should not: runs are deterministic).
  std::int64_t merge_from(const std::string& other, std::int64_t& differing);

 private:
  void exec(const std::string& sql) const;
  sqlite3* db_ = nullptr;
  std::string path_;
  const Plan& plan_;
};

/// Opens a database read-only for queries (summary). Throws when it is missing.
sqlite3* open_readonly(const std::string& path);

}  // namespace sim::sweep
