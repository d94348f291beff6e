#pragma once
// Running one scenario: in memory (sweeps, tests) or into an output folder (the command line).
#include <cstdint>
#include <string>

#include "sim/model.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace sim {

struct RunOptions {
  int threads = 1;
  std::string out_dir;                 ///< empty: write nothing
  bool force = false;                  ///< allow a non-empty out_dir
  std::int64_t checkpoint_every = 0;   ///< ticks between checkpoints (0: none)
  std::int64_t stop_after = -1;        ///< stop after this many ticks as if interrupted (tests)
  bool progress = true;                ///< progress bar or periodic log lines
  std::string resume_from;             ///< checkpoint file to continue from
  std::string command_line;            ///< recorded in run.json
  bool profile = false;                ///< log the time-per-phase table at info level (else debug)
  bool check_invariants = false;       ///< check the model's invariants after every tick
};

struct RunResult {
  IndicatorTable table;
  double wall_seconds = 0.0;
  double peak_rss_mib = 0.0;
  bool completed = false;
  std::int64_t ticks = 0;
  std::size_t agents_alive = 0;
  /// Time per phase (see Simulation::phase_timings), plus "(checkpoints)" and "(other)": setup,
  /// progress output and writing the outputs, so that the entries add up to wall_seconds.
  std::vector<PhaseTiming> phases;
};

/// The time-per-phase table, longest first: name, seconds, calls, ms per call, share of `wall`.
std::string phase_table(const std::vector<PhaseTiming>& phases, double wall);

/// Refuses a non-empty folder unless force; creates it.
void prepare_output_dir(const std::string& dir, bool force);

/// Runs a scenario. With options.out_dir set writes indicators.csv, run.json (and fit.csv when the
/// scenario names targets), each atomically. Throws on error (after recording it in run.json).
RunResult execute_run(const ModelCatalog& catalog, const ResolvedScenario& scenario, const RunOptions& options);

/// Newest checkpoint file in DIR/checkpoints, or empty.
std::string latest_checkpoint(const std::string& dir);

}  // namespace sim
