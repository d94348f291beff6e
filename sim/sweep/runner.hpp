#pragma once
// Running a planned sweep: several runs at once on this machine (each in its own ThreadArena), on
// one shard of the plan, or under MPI with rank 0 handing out runs and writing the database.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/results.hpp"

namespace sim::sweep {

struct RunnerOptions {
  int jobs = 0;                  ///< runs at once; 0: sized to cores and memory
  int threads = 1;               ///< threads within each run
  int shard_k = 0, shard_n = 1;  ///< run only ids with id % n == k
  std::int64_t max_runs = -1;    ///< stop after starting this many runs (tests of resume)
  bool retry_failed = false;     ///< run failed runs again
  bool progress = true;
  double memory_per_run_mib = 0; ///< footprint of one run; 0: measure it on the first run
  std::int64_t fail_run = -1;    ///< make this run throw (tests of failure handling)
};

struct SweepOutcome {
  StatusCounts counts;           ///< of the database after the sweep
  std::int64_t ran = 0;          ///< runs executed by this invocation
  double seconds = 0.0;
  int jobs = 0;
  double footprint_mib = 0.0;    ///< estimated memory of one run
  std::string db_path;
};

/// The database a sweep (or one shard of it) writes: DIR/results.sqlite or
/// DIR/shards/results-K-of-N.sqlite.
std::string results_path(const std::string& dir, int shard_k, int shard_n);

/// Runs one planned run in memory and collects the recorded values. Never throws for a failing
/// run: the record says what went wrong.
RunRecord execute_planned(const Plan& plan, const std::string& base_yaml, const std::string& base_name,
                          const ModelCatalog& catalog, std::int64_t run_id, int threads, bool inject_failure);

/// Runs the pending runs of a sweep folder on this machine.
SweepOutcome run_sweep(const std::string& dir, const ModelCatalog& catalog, const RunnerOptions& opt);

/// True when this process was started by mpirun with more than one rank (and MPI support is built in).
bool mpi_launch_detected();
/// Runs the sweep across MPI ranks: rank 0 hands out runs and writes the database, the other ranks
/// run them. Returns the outcome on rank 0; `is_root` tells the caller whether to report.
SweepOutcome run_sweep_mpi(const std::string& dir, const ModelCatalog& catalog, const RunnerOptions& opt, bool& is_root);

/// Combines the finished runs of shard databases (and other sweep folders of the same plan)
/// into DIR/results.sqlite. Sources: folders (their results.sqlite and shards/*.sqlite) or files.
struct MergeOutcome {
  StatusCounts counts;
  std::int64_t copied = 0, differing = 0;
  std::vector<std::string> sources;
};
MergeOutcome merge_sweep(const std::string& dir, const std::vector<std::string>& sources);

/// Memory available to new processes here (MiB): MemAvailable, capped by a cgroup limit if any.
double available_memory_mib();
/// Cores this process may use.
int usable_cores();

}  // namespace sim::sweep
